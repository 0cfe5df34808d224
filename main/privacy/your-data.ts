import path from 'node:path';
import type { ExportLocalDataResult, LocalDataSummary, ServerDeletions } from '../../contract/report-flow';
import type { Outbox } from '../outbox/outbox';
import { deleteLocalData, exportLocalData, summariseLocalData } from './local-data';
import { askServersToDelete } from './withdraw';

export interface YourDataOptions {
  dataDir: string;
  outbox: Outbox;
  /** Where to write an export: the desktop app asks with a save dialog (null: cancelled); elsewhere a folder is given. */
  chooseExportFile: (suggestedName: string) => Promise<string | null>;
  /** Told after everything local was deleted, so what the services hold in memory goes too. */
  onDeleted: () => void;
  now?: () => Date;
}

/** Settings → "Your data": what Candor keeps here, its export and deletion, and the servers' copies. */
export class YourData {
  constructor(private readonly options: YourDataOptions) {}

  summary(): LocalDataSummary {
    const servers = new Map<string, LocalDataSummary['servers'][number]>();
    for (const receipt of this.options.outbox.receipts.read().records) {
      const host = new URL(receipt.endpoint).host;
      const key = `${receipt.protocol} ${host}`;
      const known = servers.get(key);
      // The newest receipt says the server's retention as it is now.
      servers.set(key, {
        host,
        protocol: receipt.protocol,
        reports: (known?.reports ?? 0) + 1,
        retentionDays: receipt.retentionDays ?? known?.retentionDays ?? null,
      });
    }
    return { parts: summariseLocalData(this.options.dataDir), servers: [...servers.values()] };
  }

  async export(): Promise<ExportLocalDataResult | null> {
    const now = this.options.now?.() ?? new Date();
    const file = await this.options.chooseExportFile(`candor-data-${now.toISOString().slice(0, 10)}.zip`);
    if (file === null) return null;
    return exportLocalData(this.options.dataDir, path.resolve(file), now);
  }

  deleteAll(): LocalDataSummary {
    deleteLocalData(this.options.dataDir);
    this.options.onDeleted();
    return this.summary();
  }

  askServersToDelete(): Promise<ServerDeletions> {
    return askServersToDelete(this.options.outbox);
  }
}
