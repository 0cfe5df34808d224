import { z } from 'zod';

/** What the report server answers when it has stored a report (201 first time, 200 again). */
export const ServerReceiptSchema = z.object({
  id: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAt: z.iso.datetime({ offset: true }),
  deletionToken: z.string().min(16).max(512),
});

export type ServerReceipt = z.infer<typeof ServerReceiptSchema>;

/** A receipt as the client keeps it: the server's answer and where it went. */
export const ReceiptSchema = ServerReceiptSchema.extend({ endpoint: z.url() });
export type Receipt = z.infer<typeof ReceiptSchema>;
