import type { StackAnalysis } from '../../contract/stackwalk';
import type { ReportStore, StackOutcome, StackTarget } from '../store/report-store';

/** Targets taken from the store at once. */
const CLAIM_BATCH = 8;
/** How often an idle queue looks for new dumps; an ingest or a symbol upload wakes it sooner. */
export const STACK_POLL_MS = 2_000;
/** A walk claimed this long ago and never finished is taken again (its server stopped). */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/** Walks one dump's bytes (in a worker thread in the server, so the event loop never waits for it). */
export type WalkDump = (bytes: Buffer) => Promise<StackAnalysis>;

/** Report crash kinds whose minidump is the crash itself, so its frames sign the report. */
const NATIVE_KINDS: readonly string[] = ['native', 'process-gone'];

interface TargetDump {
  bytes: Buffer;
  /** Whether the walk's signature replaces the crash's (a JavaScript error keeps its own). */
  signs: boolean;
}

/** The minidump a target holds: a Crashpad upload's bytes, or a Candor report's minidump attachment. */
async function targetDump(store: ReportStore, target: StackTarget): Promise<TargetDump | undefined> {
  if (target.kind === 'minidump') {
    const bytes = await store.minidumpBytes(target.id);
    return bytes === undefined ? undefined : { bytes, signs: true };
  }
  const report = await store.reportBytes(target.id);
  if (report === undefined) return undefined;
  let parsed: { attachments?: unknown; crash?: { kind?: unknown } };
  try {
    parsed = JSON.parse(report.toString('utf8')) as typeof parsed;
  } catch {
    return undefined;
  }
  const attachments = parsed.attachments;
  if (!Array.isArray(attachments)) return undefined;
  const minidump = attachments.find(
    (item): item is { name: string } =>
      typeof item === 'object' &&
      item !== null &&
      (item as { kind?: unknown }).kind === 'minidump' &&
      typeof (item as { name?: unknown }).name === 'string',
  );
  const bytes = minidump === undefined ? undefined : await store.attachmentBytes(target.id, minidump.name);
  return bytes === undefined
    ? undefined
    : { bytes, signs: typeof parsed.crash?.kind === 'string' && NATIVE_KINDS.includes(parsed.crash.kind) };
}

/** What a walk's analysis says to keep: the analysis itself, its signature, the modules it had no symbols for. */
export function stackOutcome(analysis: StackAnalysis): StackOutcome {
  return {
    status: 'done',
    detail: JSON.stringify(analysis),
    signature: analysis.signature ?? null,
    missing: analysis.modules.flatMap((module) =>
      module.symbols === 'missing' && module.debugFile !== undefined && module.debugId !== undefined
        ? [{ debugFile: module.debugFile, debugId: module.debugId }]
        : [],
    ),
  };
}

/**
 * Walks the stacks of stored crashes off the ingest path: a loop that claims unwalked targets
 * from the store, walks each, and keeps the outcome. Ingest only ever adds rows the loop finds.
 */
export class StackQueue {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ReportStore,
    private readonly walk: WalkDump,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.idle = this.loop();
  }

  /** Looks for work now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.idle;
  }

  /** Walks every claimable target until none is left; returns how many were walked. */
  async drain(): Promise<number> {
    let walked = 0;
    for (;;) {
      const now = this.now();
      const targets = await this.store.claimStackTargets(
        CLAIM_BATCH,
        now.toISOString(),
        new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
      );
      if (targets.length === 0) return walked;
      for (const target of targets) {
        await this.walkOne(target);
        walked++;
      }
    }
  }

  private async walkOne(target: StackTarget): Promise<void> {
    let outcome: StackOutcome;
    let dump: TargetDump | undefined;
    try {
      dump = await targetDump(this.store, target);
    } catch (error) {
      // Its bytes cannot be read (a deletion raced the walk, or the disk failed): say so, and go on.
      await this.store.saveStack(
        target,
        {
          status: 'failed',
          detail: `its bytes could not be read: ${error instanceof Error ? error.message : String(error)}`,
          signature: null,
          missing: [],
        },
        this.now().toISOString(),
      );
      return;
    }
    if (dump === undefined) {
      outcome = { status: 'no-dump', detail: null, signature: null, missing: [] };
    } else {
      try {
        outcome = stackOutcome(await this.walk(dump.bytes));
        if (!dump.signs) outcome.signature = null;
      } catch (error) {
        outcome = { status: 'failed', detail: error instanceof Error ? error.message : String(error), signature: null, missing: [] };
      }
    }
    await this.store.saveStack(target, outcome, this.now().toISOString());
  }

  /** A call, not a field read: `stop()` changes `running` while the loop awaits. */
  private stopped(): boolean {
    return !this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped()) {
      try {
        await this.drain();
      } catch (error) {
        process.stderr.write(
          `candor-server: walking stacks failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      if (this.stopped()) break;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.timer = setTimeout(resolve, STACK_POLL_MS);
      });
      clearTimeout(this.timer);
      this.wakeUp = undefined;
    }
  }
}
