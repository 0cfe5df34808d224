import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MinidumpError } from '../../../main/minidump/binary-reader';
import { readMinidump } from '../../../main/minidump/read-minidump';
import { summariseMinidump } from '../../../main/minidump/summarise';
import { fixturePath } from '../../helpers/fixtures';
import { randomInt, seededRandom } from '../../helpers/random';

const CASES_PER_DUMP = 400;
const SEED = 20261129;
const BOUNDARY_VALUES = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0];

const dumps = readdirSync(fixturePath('minidumps'))
  .filter((name) => name.endsWith('.dmp'))
  .map((name) => ({ name, bytes: readFileSync(fixturePath('minidumps', name)) }));

/** One mutation of a real dump: byte flips, hostile 32-bit values in the header and directory, truncation, or a spliced copy. */
function mutate(original: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(original);
  switch (randomInt(random, 4)) {
    case 0: {
      const flips = 1 + randomInt(random, 16);
      for (let flip = 0; flip < flips; flip++) bytes[randomInt(random, bytes.length)] = randomInt(random, 256);
      return bytes;
    }
    case 1: {
      // Counts, sizes and offsets live in the header, the directory and the first bytes of each stream.
      const streamCount = bytes.readUInt32LE(8);
      const directoryEnd = Math.min(bytes.length - 4, 32 + streamCount * 12);
      const region = random() < 0.5 ? directoryEnd : bytes.length - 4;
      const offset = randomInt(random, Math.max(1, region)) & ~3;
      const value =
        random() < 0.5 ? (BOUNDARY_VALUES[randomInt(random, BOUNDARY_VALUES.length)] ?? 0) : randomInt(random, bytes.length * 2);
      bytes.writeUInt32LE(value >>> 0, offset);
      return bytes;
    }
    case 2:
      return bytes.subarray(0, randomInt(random, bytes.length));
    default: {
      const from = randomInt(random, bytes.length);
      const to = randomInt(random, bytes.length);
      const length = randomInt(random, 512);
      bytes.copy(bytes, to, from, Math.min(bytes.length, from + length));
      return bytes;
    }
  }
}

describe('the minidump reader under fuzzing', () => {
  it(`survives ${CASES_PER_DUMP} mutations of each real dump: a result or a MinidumpError, nothing else`, () => {
    const random = seededRandom(SEED);
    let parsed = 0;
    let rejected = 0;
    for (const dump of dumps) {
      for (let index = 0; index < CASES_PER_DUMP; index++) {
        const mutated = mutate(dump.bytes, random);
        try {
          summariseMinidump(readMinidump(mutated), mutated);
          parsed++;
        } catch (error) {
          if (!(error instanceof MinidumpError)) {
            throw new Error(`case ${index} of ${dump.name} (seed ${SEED}) threw ${String(error)}`);
          }
          rejected++;
        }
      }
    }
    expect(parsed + rejected).toBe(dumps.length * CASES_PER_DUMP);
    // Both outcomes occur, so the mutations reach past the signature check.
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
