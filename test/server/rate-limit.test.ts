import { expect, it } from 'vitest';
import { RateLimiter } from '../../server/rate-limit';

it('allows a burst of the per-minute allowance, then refills it evenly, per key', () => {
  let now = 0;
  const limiter = new RateLimiter(60, () => now);
  for (let index = 0; index < 60; index++) expect(limiter.take('a')).toBe(0);
  // Empty: one token comes back every second.
  expect(limiter.take('a')).toBe(1);
  expect(limiter.take('b')).toBe(0);
  now += 1000;
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(1);
  // A long pause refills to the allowance, never beyond it.
  now += 3_600_000;
  for (let index = 0; index < 60; index++) expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(1);
});

it('tells a slow allowance how long to wait, in whole seconds', () => {
  const limiter = new RateLimiter(2, () => 0);
  expect(limiter.take('key')).toBe(0);
  expect(limiter.take('key')).toBe(0);
  expect(limiter.take('key')).toBe(30);
});
