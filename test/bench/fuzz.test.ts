import { describe, expect, it } from 'vitest';
import { loadFuzzCorpus, runFuzz } from '../../bench/fuzz';
import { FIXTURES_DIR } from '../helpers/fixtures';

// This seed found stackOnlyMinidump's RangeError on damaged dumps at rounds 73 and 116 (now a MinidumpError).
const SEED = 7;
const ROUNDS = 300;

describe('seeded fuzzing of the hostile-input parsers', () => {
  it(`reads, rewrites, walks, indexes symbols and redacts ${ROUNDS} rounds of mutated fixtures with no error but MinidumpError`, () => {
    const report = runFuzz(loadFuzzCorpus(FIXTURES_DIR), { seed: SEED, rounds: ROUNDS });
    expect(report.failures).toEqual([]);
    expect(report.cases.minidump).toBeGreaterThan(3_000);
    expect(report.cases.redaction).toBeGreaterThan(3_000);
    expect(report.cases.stackWalk).toBeGreaterThan(1_000);
    expect(report.cases.symbolFile).toBeGreaterThan(3_000);
    // Both outcomes occur, so the mutations reach past the signature check.
    expect(report.parsed).toBeGreaterThan(0);
    expect(report.rejected).toBeGreaterThan(0);
  }, 240_000);
});
