import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { findEmails, findHomeFolders } from '../../../main/privacy/personal-data-patterns';
import { redactText } from '../../../main/privacy/redact';

/**
 * Every redaction rule must take time linear in its input, whatever the input. This measures
 * each rule on hostile input of n and 4n characters in the same run and compares the two: a
 * linear rule takes about 4 times as long, a quadratic one 16 times. No wall-clock limit is
 * asserted, only the ratio, and each time is the fastest of several rounds.
 */
const N = 150_000;
/** Well above linear (4) plus noise, well below quadratic (16). */
const MAX_RATIO = 9;

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

function timeMs(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * How many times longer 4n takes than n, each the fastest of up to five rounds; inputs are made
 * first, so only the rule is timed. Rounds stop once the answer is clear either way.
 */
function growth(rule: (text: string) => unknown, make: (size: number) => string): number {
  const small = make(N);
  const large = make(4 * N);
  rule(small);
  let smallMs = Infinity;
  for (let round = 0; round < 5; round++)
    smallMs = Math.min(
      smallMs,
      timeMs(() => rule(small)),
    );
  // Below two milliseconds timer noise and other work on the machine dominate; such a rule is fast on any input of this size.
  smallMs = Math.max(smallMs, 2);
  let largeMs = Infinity;
  for (let round = 0; round < 5; round++) {
    largeMs = Math.min(
      largeMs,
      timeMs(() => rule(large)),
    );
    if (largeMs <= MAX_RATIO * smallMs || largeMs > 3 * MAX_RATIO * smallMs) break;
  }
  return largeMs / smallMs;
}

/**
 * Other work on the machine (the rest of the suite, CI's neighbours) can slow one round and make
 * a linear rule look superlinear; it cannot make a quadratic one look linear. A case that looks
 * superlinear is measured again, up to three more times, and its lowest ratio counts.
 */
function steadyGrowth(rule: (text: string) => unknown, make: (size: number) => string): number {
  let ratio = growth(rule, make);
  for (let again = 0; again < 3 && ratio > MAX_RATIO; again++) ratio = Math.min(ratio, growth(rule, make));
  return ratio;
}

const RULES: [string, (text: string) => unknown][] = [
  ['redactText', (text) => redactText(text, { identity: { userName: 'annika', homeDir: '/home/annika', hostName: 'annika-pc' } })],
  ['findEmails', findEmails],
  ['findHomeFolders', findHomeFolders],
];

describe('every redaction rule is linear in its input', () => {
  for (const [ruleName, rule] of RULES) {
    it(`${ruleName}: 4n characters take about 4 times as long as n, on ${CASES.length} hostile inputs`, () => {
      const superlinear = CASES.map(({ name, make }) => ({ name, ratio: steadyGrowth(rule, make) })).filter(
        ({ ratio }) => ratio > MAX_RATIO,
      );
      expect(superlinear.map(({ name, ratio }) => `${name}: ${ratio.toFixed(1)}×`)).toEqual([]);
    }, 300_000);
  }
});
