import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadFuzzCorpus, runFuzz } from './fuzz';

/** `npm run fuzz [-- --minutes N] [--seed S] [--fixtures DIR]`: a longer seeded fuzz run; prints counts, exits 1 on a failure. */
const { values } = parseArgs({
  options: { minutes: { type: 'string' }, seed: { type: 'string' }, fixtures: { type: 'string' } },
  strict: true,
});
const minutes = Number(values.minutes ?? 1);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
if (!(minutes > 0) || !Number.isInteger(seed)) {
  process.stderr.write('fuzz: --minutes takes a positive number and --seed a whole number\n');
  process.exit(2);
}
const fixtures = values.fixtures ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'fixtures');
const corpus = loadFuzzCorpus(fixtures);
process.stdout.write(
  `fuzz: ${corpus.dumps.length} dumps and ${corpus.texts.length} texts from ${fixtures}, seed ${seed}, ${minutes} min\n`,
);
const report = runFuzz(corpus, { seed, deadlineMs: minutes * 60_000 });
process.stdout.write(
  `fuzz: ${report.cases.minidump} readMinidump, ${report.cases.stackOnly} stackOnlyMinidump, ${report.cases.stackWalk} walkMinidump, ` +
    `${report.cases.symbolFile} symbol file and ${report.cases.redaction} redactText cases; ` +
    `${report.parsed} dumps read, ${report.rejected} rejected with MinidumpError; slowest case ${report.slowestCaseMs.toFixed(1)} ms; ` +
    `${report.failures.length} failures\n`,
);
for (const failure of report.failures.slice(0, 50)) process.stdout.write(`  ${failure}\n`);
process.exitCode = report.failures.length === 0 ? 0 : 1;
