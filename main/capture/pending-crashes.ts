import type { PendingCrash } from '../../contract/pending-crash';
import type { ApiEventHub } from '../api/event-hub';

/** Crashes waiting for the user's decision, oldest first. */
export class PendingCrashes {
  private readonly queue: PendingCrash[] = [];

  constructor(private readonly events: ApiEventHub) {}

  add(crash: PendingCrash): void {
    this.queue.push(crash);
    this.events.emit('onCrashPending', crash);
  }

  oldest(): PendingCrash | null {
    return this.queue[0] ?? null;
  }

  /** Returns false when no pending crash has that id. */
  dismiss(id: string): boolean {
    const index = this.queue.findIndex((crash) => crash.id === id);
    if (index === -1) return false;
    this.queue.splice(index, 1);
    return true;
  }
}
