import type { ProbeResult } from '../../contract/diagnostics';

export type Probe<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Runs one probe under its own time limit. A probe that throws is `unavailable`, one that
 * overruns is `timeout`; either way the signal is aborted so its child processes die.
 */
export async function runProbe<T>(
  probe: Probe<T>,
  timeoutMs: number,
  now: () => number = performance.now.bind(performance),
): Promise<ProbeResult<T>> {
  const started = now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const elapsed = (): number => Math.round((now() - started) * 10) / 10;
  try {
    const outcome = await Promise.race([probe(controller.signal).then((data) => ({ data })), timedOut]);
    if (outcome === 'timeout') {
      return { status: 'timeout', durationMs: elapsed(), reason: `no answer within ${timeoutMs} ms` };
    }
    return { status: 'ok', durationMs: elapsed(), data: outcome.data };
  } catch (error) {
    return { status: 'unavailable', durationMs: elapsed(), reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
