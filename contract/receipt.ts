import { z } from 'zod';
import { IdSchema } from './ids';
import { StoredNoticeSchema } from './notice';
import { uploadProtocols } from './destination';

/** What the report server answers when it has stored a report (201 first time, 200 again). */
export const ServerReceiptSchema = z.object({
  id: IdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAt: z.iso.datetime({ offset: true }),
  deletionToken: z.string().min(16).max(512),
  /** How many days the server keeps a report at most (`--retention-days`); older servers do not say. */
  retentionDays: z.number().int().positive().max(1_000_000).optional(),
});

export type ServerReceipt = z.infer<typeof ServerReceiptSchema>;

/**
 * A receipt as the client keeps it: where the report went and what the server said. A Candor
 * server confirms the digest it stored and gives a deletion token; a Breakpad or Sentry server
 * gives only its own id (`serverId`), and `sha256` is then the digest that was sent.
 */
export const ReceiptSchema = z.object({
  id: IdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAt: z.iso.datetime({ offset: true }),
  endpoint: z.url(),
  protocol: z.enum(uploadProtocols).default('candor'),
  deletionToken: z.string().min(16).max(512).optional(),
  serverId: z.string().max(200).optional(),
  retentionDays: z.number().int().positive().max(1_000_000).optional(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

/** A server's confirmation that it deleted a report (204, or 404 for one already gone), kept so History can say so. */
export const ServerDeletionSchema = z.object({
  reportId: IdSchema,
  deletedAt: z.iso.datetime({ offset: true }),
  /** What the server answered: deleted, or already gone. */
  reason: StoredNoticeSchema,
});
export type ServerDeletion = z.infer<typeof ServerDeletionSchema>;
