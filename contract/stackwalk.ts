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

/** A module of a walked dump, and whether the server had its symbols. */
export const StackModuleSchema = z.object({
  name: z.string().max(1024),
  base: z.string().regex(HEX),
  debugFile: z.string().max(1024).optional(),
  debugId: z.string().max(128).optional(),
  codeId: z.string().max(128).optional(),
  symbols: z.enum(['loaded', 'missing', 'unidentified']),
});
export type StackModule = z.infer<typeof StackModuleSchema>;

/** What the server learns from walking a stored minidump: the crash, its stacks, the modules and the signature. */
export const StackAnalysisSchema = z.object({
  crashReason: z.string().max(256).optional(),
  crashAddress: z.string().regex(HEX).optional(),
  signature: z.string().max(512).optional(),
  /** Index into `threads`. */
  crashingThread: z.number().int().nonnegative().optional(),
  threads: z.array(WalkedThreadSchema).max(4096),
  modules: z.array(StackModuleSchema).max(65_536),
});
export type StackAnalysis = z.infer<typeof StackAnalysisSchema>;
