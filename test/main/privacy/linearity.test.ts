import { describe, expect, it } from 'vitest';
import { findEmails, findHomeFolders } from '../../../main/privacy/personal-data-patterns';
import { redactText } from '../../../main/privacy/redact';
import { MAX_RATIO, steadyGrowth } from '../../helpers/growth';

/**
 * Every redaction rule must take time linear in its input, whatever the input. This measures
 * each rule on hostile input of n and 4n characters in the same run and compares the two: a
 * linear rule takes about 4 times as long, a quadratic one 16 times. No wall-clock limit is
 * asserted, only the ratio, and each time is the fastest of several rounds.
 */
const N = 150_000;

const SEPARATORS = ['=', ':', '@', '%40', '/', '\\', '.', '-', '?', '&', ';', ' ', '"', "'", '<', '>', '\n', '\t', '%', '+', '_', '#'];

/** The start of every pattern a rule looks for, repeated: each occurrence is a fresh attempt. */
const PREFIXES = [
  'a@',
  'a%40',
  'a.%40',
  'a%40b.',
  'x=',
  'USER=',
  'USERNAME=',
  'password=',
  'password: ',
  '"apiKey": "',
  'token : ',
  'Cookie: a=',
  'Set-Cookie:',
  '?sig=',
  '&X-Amz-Signature=',
  'C:\\Users\\',
  'C:/users/',
  'c:\\\\Users\\\\',
  '/home/',
  '/Users/',
  '/var/home/',
  '/System/Volumes/Data/Users/',
  '\\\\srv\\home\\',
  '\\\\srv\\users$\\',
  'Documents and Settings\\',
  '://',
  'http://a:',
  'https://a@',
  'http://a@b@',
  'Bearer ',
  'v8: 1.2.3.4 ',
  '"zlib":"1.3.0.',
  'Basic ',
  'eyJ',
  'eyJabcde.',
  'eyJabcde.eyJabcde.',
  'AKIA',
  'ghp_',
  'github_pat_',
  'AIza',
  'xoxb-',
  'npm_',
  'sk-',
  'sk-proj-',
  'sk_live_',
  '4111 ',
  '4111-1111-',
  '1.2.3.',
  '10.0.0.1.',
  'Version ',
  'ver=',
  'fe80::',
  'aa:bb:',
  '::',
  '1:2:',
  'a:b:c:d:e:f:',
  '<a@b.io> ',
  'Ann Smith <',
  'git@',
  '%2F',
];

const RUNS = ['a', 'Z', '9', 'f', ' ', '.', '-', '_', 'é', 'ж', '\u00a0', '0.', '1 ', 'a ', 'a-', 'ab:', '\\', '/'];

interface Case {
  name: string;
  make: (size: number) => string;
}

const repeat = (unit: string) => (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const CASES: Case[] = [
  ...SEPARATORS.map((separator) => ({ name: `separator ${JSON.stringify(separator)}`, make: repeat(separator) })),
  ...PREFIXES.map((prefix) => ({ name: `prefix ${JSON.stringify(prefix)}`, make: repeat(prefix) })),
  ...RUNS.map((run) => ({ name: `run of ${JSON.stringify(run)}`, make: repeat(run) })),
  // A long run a rule walks over, ended or broken by what makes it try again.
  ...['@', '%40', ':', '=', '/home/', '.eyJ', 'eyJ'].map((marker) => ({
    name: `long local part before ${JSON.stringify(marker)}, repeated`,
    make: (size: number) => repeat(`${'a'.repeat(999)}${marker}`)(size),
  })),
  { name: 'a long home-folder name of many words', make: (size: number) => `/home/${repeat('ann ')(size)}` },
  { name: 'a long user-info before one host', make: (size: number) => `http://${repeat('a@')(size)}` },
];

const RULES: [string, (text: string) => unknown][] = [
  ['redactText', (text) => redactText(text, { identity: { userName: 'annika', homeDir: '/home/annika', hostName: 'annika-pc' } })],
  ['findEmails', findEmails],
  ['findHomeFolders', findHomeFolders],
];

describe('every redaction rule is linear in its input', () => {
  for (const [ruleName, rule] of RULES) {
    it(`${ruleName}: 4n characters take about 4 times as long as n, on ${CASES.length} hostile inputs`, () => {
      const superlinear = CASES.map(({ name, make }) => ({ name, ratio: steadyGrowth(rule, make, N) })).filter(
        ({ ratio }) => ratio > MAX_RATIO,
      );
      expect(superlinear.map(({ name, ratio }) => `${name}: ${ratio.toFixed(1)}×`)).toEqual([]);
    }, 300_000);
  }
});
