import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../main/cli/format';
import { redactText } from '../main/privacy/redact';
import { median } from './stats';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/redaction/', import.meta.url));
const TARGET_BYTES = 32 * 1024 * 1024;
const ROUNDS = 5;

interface ExpectationLine {
  file: 'positive.log' | 'negative.log';
  line: number;
  must_redact?: { value: string }[];
  must_keep?: string[];
}

type Redactor = (text: string) => string;

/** The fixture lines, repeated in a fixed shuffled order until the log is tens of megabytes. */
function buildLog(lines: readonly string[]): string {
  const order = lines.map((_line, index) => index);
  let state = 7;
  for (let index = order.length - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [order[index], order[other]] = [order[other] ?? 0, order[index] ?? 0];
  }
  const block = `${order.map((index) => lines[index]).join('\n')}\n`;
  return block.repeat(Math.ceil(TARGET_BYTES / Buffer.byteLength(block)));
}

/** Recall on the fixture corpus, and whether any must-keep value or negative line was touched. */
function score(redact: Redactor, expectations: readonly ExpectationLine[], logs: Record<string, string[]>) {
  let found = 0;
  let total = 0;
  let keptBroken = 0;
  for (const entry of expectations) {
    const original = logs[entry.file]?.[entry.line - 1] ?? '';
    const redacted = redact(original);
    for (const { value } of entry.must_redact ?? []) {
      total++;
      if (!redacted.includes(value)) found++;
    }
    for (const kept of entry.must_keep ?? []) if (!redacted.includes(kept)) keptBroken++;
    if (entry.file === 'negative.log' && redacted !== original) keptBroken++;
  }
  return { recall: found / total, keptBroken };
}

function throughput(redact: Redactor, text: string, rounds: number): number {
  const megabytes = Buffer.byteLength(text) / 1e6;
  // One untimed round on the first megabyte, so that neither tool is timed while its code is
  // still being compiled, nor while the log string is laid out flat in memory on first use.
  redact(text.slice(0, 1_000_000));
  text.indexOf('\u0000');
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    redact(text);
    rates.push(megabytes / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

/** Candor's redaction against the redact-pii package, on the same large log, in one run. */
export function benchRedaction(): Promise<void> {
  const logs = {
    'positive.log': readFileSync(`${FIXTURES}positive.log`, 'utf8').split('\n'),
    'negative.log': readFileSync(`${FIXTURES}negative.log`, 'utf8').split('\n'),
  };
  const expectations = (JSON.parse(readFileSync(`${FIXTURES}expectations.json`, 'utf8')) as { lines: ExpectationLine[] }).lines;
  const log = buildLog([...logs['positive.log'], ...logs['negative.log']].filter((line) => line !== ''));
  const { SyncRedactor } = createRequire(import.meta.url)('redact-pii') as { SyncRedactor: new () => { redact(text: string): string } };
  const redactPii = new SyncRedactor();

  const candor: Redactor = (text) => redactText(text).text;
  const other: Redactor = (text) => redactPii.redact(text);
  const candorRate = throughput(candor, log, ROUNDS);
  const otherRate = throughput(other, log, 1);
  const candorScore = score(candor, expectations, logs);
  const otherScore = score(other, expectations, logs);

  const rows = [
    ['', 'throughput', 'recall', 'must-keep values or negative lines touched'],
    ['candor redactText', `${candorRate.toFixed(1)} MB/s`, `${(candorScore.recall * 100).toFixed(1)} %`, String(candorScore.keptBroken)],
    ['redact-pii SyncRedactor', `${otherRate.toFixed(2)} MB/s`, `${(otherScore.recall * 100).toFixed(1)} %`, String(otherScore.keptBroken)],
  ];
  process.stdout.write(
    `Redaction: a ${(Buffer.byteLength(log) / 1e6).toFixed(1)} MB log built from the fixture lines\n${formatTable(rows)}\n`,
  );
  process.stdout.write(
    `speed-up: ${(candorRate / otherRate).toFixed(1)}x (goals: >= 50 MB/s and >= 20x, recall >= 99 %, nothing kept touched)\n`,
  );
  return Promise.resolve();
}
