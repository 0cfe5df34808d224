/** A report as the server keeps it: the exact bytes it received, and what it indexes from them. */
export interface StoredReport {
  id: string;
  sha256: string;
  receivedAt: string;
  appName: string;
  appVersion: string;
  osPlatform: string | null;
  signature: string | null;
  sizeBytes: number;
  attachments: { name: string; sha256: string; sizeBytes: number }[];
}

export interface NewReport extends Omit<StoredReport, 'receivedAt'> {
  /** The report part exactly as received. */
  bytes: Buffer;
  attachmentBytes: Map<string, Buffer>;
  deletionTokenHash: string;
}

/** A minidump uploaded the Breakpad/Crashpad way, with the form fields that came with it. */
export interface StoredMinidump {
  id: string;
  receivedAt: string;
  fields: Record<string, string>;
  sha256: string;
  sizeBytes: number;
  signature: string | null;
}

export type IngestResult = { status: 'created' | 'repeated'; report: StoredReport } | { status: 'conflict' };

/**
 * Where the server keeps reports. `ingest` resolves only once the report and its attachments are
 * durable, so a 201 is never answered for something a crash could lose.
 */
export interface ReportStore {
  ingest(report: NewReport, receivedAt: string): Promise<IngestResult>;
  get(id: string): StoredReport | undefined;
  reportBytes(id: string): Buffer | undefined;
  deletionTokenHash(id: string): string | undefined;
  delete(id: string): boolean;
  list(filter: { appName?: string | undefined; signature?: string | undefined; limit: number }): StoredReport[];
  ingestMinidump(upload: Omit<StoredMinidump, 'receivedAt'>, bytes: Buffer, receivedAt: string): Promise<StoredMinidump>;
  listMinidumps(limit: number): StoredMinidump[];
  /** Removes reports and minidumps received before `cutoff`, with their files; returns how many of each. */
  purgeReceivedBefore(cutoff: string): { reports: number; minidumps: number };
  hasIngestKey(keyHash: string): boolean;
  hasReviewerToken(tokenHash: string): boolean;
  addIngestKey(keyHash: string, label: string): void;
  addReviewerToken(tokenHash: string, label: string): void;
  close(): void;
}
