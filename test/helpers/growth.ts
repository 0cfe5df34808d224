import { performance } from 'node:perf_hooks';

// Linearity by comparison, never by a wall-clock limit: the same work on input of n and 4n in one
// run. A linear rule takes about 4 times as long, a quadratic one 16 times.

/** Well above linear (4) plus noise, well below quadratic (16). */
export const MAX_RATIO = 9;

function timeMs(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * How many times longer 4n takes than n, each the fastest of up to five rounds; inputs are made
 * first, so only the rule is timed. Rounds stop once the answer is clear either way.
 */
function growth(rule: (text: string) => unknown, make: (size: number) => string, n: number): number {
  const small = make(n);
  const large = make(4 * n);
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
export function steadyGrowth(rule: (text: string) => unknown, make: (size: number) => string, n: number): number {
  let ratio = growth(rule, make, n);
  for (let again = 0; again < 3 && ratio > MAX_RATIO; again++) ratio = Math.min(ratio, growth(rule, make, n));
  return ratio;
}
