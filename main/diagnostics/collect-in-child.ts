import { fork } from 'node:child_process';
import { z } from 'zod';
import { DiagnosticsSnapshotSchema, probeNames, type DiagnosticsSnapshot } from '../../contract/diagnostics';
import type { CollectRequest } from './collect-request';

/** The parent's view of a collector process, whatever started it (Node fork, Electron utility process). */
export interface CollectorChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** The deadline for a whole collection; each probe has a shorter limit of its own. */
export const COLLECTION_DEADLINE_MS = 10_000;

/** Time the collector gets beyond the deadline to start and answer before it is killed. */
const STARTUP_GRACE_MS = 2_000;

const AnswerSchema = z.union([
  z.object({ ok: z.literal(true), snapshot: DiagnosticsSnapshotSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export function forkNodeCollector(entryFile: string): CollectorChannel {
  const child = fork(entryFile, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' });
  return {
    send: (message) => child.send(message as object),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * Collects diagnostics in a separate process so the caller's event loop stays free. If the
 * collector does not answer by the deadline it is killed and every requested probe is reported
 * as timed out: the caller always gets a snapshot, on time.
 */
export function collectInChildProcess(request: CollectRequest, startCollector: () => CollectorChannel): Promise<DiagnosticsSnapshot> {
  const started = performance.now();
  const wanted = request.only ?? [...probeNames];
  const failed = (status: 'timeout' | 'unavailable', reason: string): DiagnosticsSnapshot => {
    const durationMs = Math.round(performance.now() - started);
    return {
      schema: 'candor.diagnostics/1',
      collectedAt: new Date().toISOString(),
      durationMs,
      probes: Object.fromEntries(wanted.map((name) => [name, { status, durationMs, reason }])),
    };
  };

  return new Promise((resolve) => {
    let settled = false;
    const channel = startCollector();
    const finish = (snapshot: DiagnosticsSnapshot): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(snapshot);
    };
    const timer = setTimeout(() => {
      channel.kill();
      finish(failed('timeout', `the collector did not answer within ${request.deadlineMs + STARTUP_GRACE_MS} ms`));
    }, request.deadlineMs + STARTUP_GRACE_MS);
    channel.onMessage((message) => {
      const answer = AnswerSchema.safeParse(message);
      if (!answer.success) finish(failed('unavailable', 'the collector sent a malformed answer'));
      else if (answer.data.ok) finish(answer.data.snapshot);
      else finish(failed('unavailable', answer.data.error));
    });
    channel.onExit((code) => finish(failed('unavailable', `the collector exited with code ${code ?? 'null'} before answering`)));
    channel.send(request);
  });
}
