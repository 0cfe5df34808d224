import * as z from 'zod';

/**
 * A walked stack as the CLI's JSON, the report server and its console show it: one row per frame,
 * innermost first, an inlined call being a row of its own. Fields are absent where unknown.
 */
export const FrameTrustSchema = z.enum(['context', 'cfi', 'frame-pointer', 'scan', 'inline']);

const HEX = /^0x[0-9a-f]+$/;

export const StackFrameRowSchema = z.object({
  module: z.string().max(1024).optional(),
  /** From the module's load address, `0x…`. */
  moduleOffset: z.string().regex(HEX).optional(),
  function: z
    .string()
    .max(64 * 1024)
    .optional(),
  functionOffset: z.string().regex(HEX).optional(),
  file: z.string().max(4096).optional(),
  line: z.number().int().nonnegative().optional(),
  trust: FrameTrustSchema,
  /** The absolute address, only for a frame outside every module. */
  address: z.string().regex(HEX).optional(),
});
export type StackFrameRow = z.infer<typeof StackFrameRowSchema>;

export const WalkedThreadSchema = z.object({
  id: z.number().int().nonnegative(),
  status: z.enum(['ok', 'no-context', 'no-stack-memory', 'dump-thread-skipped', 'unsupported-cpu']),
  frames: z.array(StackFrameRowSchema).max(4096),
});
export type WalkedThreadRows = z.infer<typeof WalkedThreadSchema>;
