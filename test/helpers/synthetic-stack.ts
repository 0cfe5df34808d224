import type { MinidumpModule } from '../../main/minidump/read-minidump';
import type { Architecture, Registers } from '../../main/minidump/stackwalk/cpu-context';
import type { StackFrame } from '../../main/minidump/stackwalk/frame';
import { ModuleMap } from '../../main/minidump/stackwalk/module-map';
import { StackMemory } from '../../main/minidump/stackwalk/stack-memory';
import { walkThread } from '../../main/minidump/stackwalk/walk-minidump';
import { indexSymbolText } from '../../main/minidump/symbols/symbol-file';
import type { SymbolIndex } from '../../main/minidump/symbols/symbol-index';

/** An address in a synthetic stack, known once the stack is laid out (like Breakpad's test_assembler labels). */
export class Label {
  value: bigint | undefined;

  get(): bigint {
    if (this.value === undefined) throw new Error('label used before it was marked');
    return this.value;
  }
}

type Piece = { bytes: Uint8Array } | { label: Label; widthBytes: 4 | 8 };

/** A stack built word by word from a start address, with labels marked at positions and written as values. */
export class SyntheticStack {
  private readonly pieces: Piece[] = [];
  private size = 0;

  constructor(readonly start: bigint) {}

  get here(): bigint {
    return this.start + BigInt(this.size);
  }

  mark(label: Label): this {
    label.value = this.here;
    return this;
  }

  repeat(byte: number, count: number): this {
    this.pieces.push({ bytes: new Uint8Array(count).fill(byte) });
    this.size += count;
    return this;
  }

  d32(value: bigint | number | Label): this {
    return this.word(value, 4);
  }

  d64(value: bigint | number | Label): this {
    return this.word(value, 8);
  }

  private word(value: bigint | number | Label, widthBytes: 4 | 8): this {
    if (value instanceof Label) {
      this.pieces.push({ label: value, widthBytes });
    } else {
      const bytes = new Uint8Array(widthBytes);
      const view = new DataView(bytes.buffer);
      if (widthBytes === 4) view.setUint32(0, Number(value) >>> 0, true);
      else view.setBigUint64(0, BigInt.asUintN(64, BigInt(value)), true);
      this.pieces.push({ bytes });
    }
    this.size += widthBytes;
    return this;
  }

  memory(): StackMemory {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const piece of this.pieces) {
      if ('bytes' in piece) {
        bytes.set(piece.bytes, at);
        at += piece.bytes.length;
      } else {
        const view = new DataView(bytes.buffer, at, piece.widthBytes);
        if (piece.widthBytes === 4) view.setUint32(0, Number(piece.label.get()), true);
        else view.setBigUint64(0, piece.label.get(), true);
        at += piece.widthBytes;
      }
    }
    return new StackMemory(this.start, bytes);
  }
}

export interface SyntheticWalk {
  architecture: Architecture;
  registers: Record<string, bigint | number | Label>;
  stack: SyntheticStack;
  modules: { base: bigint; sizeBytes: number; name: string }[];
  /** Symbol file text by module name. */
  symbols?: Record<string, string>;
  isWindows?: boolean;
}

/** Walks a synthetic thread: the context's registers, the stack, modules and symbol files given as text. */
export function walkSynthetic(walk: SyntheticWalk): StackFrame[] {
  const registers: Registers = new Map();
  for (const [name, value] of Object.entries(walk.registers)) registers.set(name, value instanceof Label ? value.get() : BigInt(value));
  const modules: MinidumpModule[] = walk.modules.map((module) => ({ base: module.base, sizeBytes: module.sizeBytes, path: module.name }));
  const indexes = new Map<string, SymbolIndex>();
  for (const [name, text] of Object.entries(walk.symbols ?? {})) indexes.set(name, indexSymbolText(text));
  return walkThread(
    { architecture: walk.architecture, registers },
    walk.stack.memory(),
    new ModuleMap(modules),
    (module) => indexes.get(module.path),
    walk.isWindows ?? false,
  );
}

/** The register names a frame knows, sorted, for comparing with what a case expects. */
export function knownRegisters(frame: StackFrame | undefined): string[] {
  return [...(frame?.registers.keys() ?? [])].sort();
}
