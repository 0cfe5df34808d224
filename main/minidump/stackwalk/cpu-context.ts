/**
 * A thread's CPU registers as the dump recorded them, for the architectures Candor walks. Values
 * are bigint: 64-bit addresses above 2^53 occur in real dumps. Layouts: Windows' CONTEXT (x86,
 * AMD64, ARM64), which Breakpad and Crashpad write on every system; Breakpad's older ARM64 context
 * keeps the general registers, stack pointer and pc at the same offsets.
 */
export type Architecture = 'x86' | 'amd64' | 'arm64';

/** The registers known in a frame; a register absent from the map is unknown there. */
export type Registers = Map<string, bigint>;

export interface CpuContext {
  architecture: Architecture;
  registers: Registers;
}

const X86_REGISTERS: readonly [string, number][] = [
  ['edi', 156],
  ['esi', 160],
  ['ebx', 164],
  ['edx', 168],
  ['ecx', 172],
  ['eax', 176],
  ['ebp', 180],
  ['eip', 184],
  ['eflags', 192],
  ['esp', 196],
];
const X86_CONTEXT_BYTES = 204;

const AMD64_REGISTERS: readonly [string, number][] = [
  ['rax', 120],
  ['rcx', 128],
  ['rdx', 136],
  ['rbx', 144],
  ['rsp', 152],
  ['rbp', 160],
  ['rsi', 168],
  ['rdi', 176],
  ...Array.from({ length: 8 }, (_, index): [string, number] => [`r${index + 8}`, 184 + index * 8]),
  ['rip', 248],
];
const AMD64_CONTEXT_BYTES = 256;

const ARM64_REGISTERS: readonly [string, number][] = [
  ...Array.from({ length: 29 }, (_, index): [string, number] => [`x${index}`, 8 + index * 8]),
  ['x29', 240],
  ['x30', 248],
  ['sp', 256],
  ['pc', 264],
];
const ARM64_CONTEXT_BYTES = 272;

/** The architecture a dump's SystemInfo names, if Candor walks it. */
export function walkedArchitecture(cpuArch: string | undefined): Architecture | undefined {
  if (cpuArch === 'x86' || cpuArch === 'amd64' || cpuArch === 'arm64') return cpuArch;
  return undefined;
}

/** Reads the context at [rva, rva + sizeBytes) of `bytes`, or undefined when it is too short for the architecture. */
export function readCpuContext(bytes: Uint8Array, rva: number, sizeBytes: number, architecture: Architecture): CpuContext | undefined {
  const [layout, needed, width] =
    architecture === 'x86'
      ? ([X86_REGISTERS, X86_CONTEXT_BYTES, 4] as const)
      : architecture === 'amd64'
        ? ([AMD64_REGISTERS, AMD64_CONTEXT_BYTES, 8] as const)
        : ([ARM64_REGISTERS, ARM64_CONTEXT_BYTES, 8] as const);
  if (sizeBytes < needed || rva < 0 || rva + needed > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + rva, needed);
  const registers: Registers = new Map();
  for (const [name, offset] of layout) {
    registers.set(name, width === 4 ? BigInt(view.getUint32(offset, true)) : view.getBigUint64(offset, true));
  }
  return { architecture, registers };
}
