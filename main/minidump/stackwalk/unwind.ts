import type { Architecture, Registers } from './cpu-context';
import type { FrameTrust, StackFrame, UnwindContext } from './frame';
import { evaluateCfi, evaluateWinProgram, type PostfixMachine } from './postfix';
import { moduleOffset, seemsReturnAddress } from './symbolicate';

/**
 * Finding a frame's caller, one architecture at a time, as Breakpad and rust-minidump do: call
 * frame information first (and, on x86, STACK WIN), then the frame pointer, then scanning the
 * stack for a return address. Each frame says which one found it.
 */
interface ArchitectureSpec {
  widthBytes: 4 | 8;
  instruction: string;
  stackPointer: string;
  framePointer: string;
  /** Registers a callee keeps for its caller, carried up unless call frame info says otherwise. */
  calleeSaved: readonly string[];
  /** Bytes from a return address back into the call instruction. */
  callBytes: bigint;
}

const SPECS: Readonly<Record<Architecture, ArchitectureSpec>> = {
  x86: {
    widthBytes: 4,
    instruction: 'eip',
    stackPointer: 'esp',
    framePointer: 'ebp',
    calleeSaved: ['ebp', 'ebx', 'edi', 'esi'],
    callBytes: 1n,
  },
  amd64: {
    widthBytes: 8,
    instruction: 'rip',
    stackPointer: 'rsp',
    framePointer: 'rbp',
    calleeSaved: ['rbx', 'rbp', 'r12', 'r13', 'r14', 'r15'],
    callBytes: 1n,
  },
  arm64: {
    widthBytes: 8,
    instruction: 'pc',
    stackPointer: 'sp',
    framePointer: 'x29',
    calleeSaved: ['x19', 'x20', 'x21', 'x22', 'x23', 'x24', 'x25', 'x26', 'x27', 'x28', 'x29'],
    callBytes: 4n,
  },
};

/** Words scanned for a return address; four times as many below a frame whose registers are trusted. */
const SCAN_WORDS = 40;
const EXTENDED_SCAN_WORDS = SCAN_WORDS * 4;
/** A frame larger than this is taken for garbage when recovering a frame pointer after a scan. */
const MAX_REASONABLE_FRAME_BYTES = 128n * 1024n;

/** The name a rule uses for a register, as the walker keeps it. */
function canonicalRegister(architecture: Architecture, name: string): string {
  if (architecture !== 'arm64') return name;
  if (name === 'fp') return 'x29';
  if (name === 'lr') return 'x30';
  if (name === 'x31') return 'sp';
  return name;
}

function newFrame(registers: Registers, trust: FrameTrust, spec: ArchitectureSpec): StackFrame {
  return { instruction: registers.get(spec.instruction) ?? 0n, trust, registers, inlines: [] };
}

/** Outside the 48-bit halves x86-64 uses (and ARM64 user space) an address cannot be code. */
function isNonCanonical(architecture: Architecture, address: bigint): boolean {
  if (architecture === 'amd64') return address > 0x7fff_ffff_ffffn && address < 0xffff_8000_0000_0000n;
  if (architecture === 'arm64') return address < 0x1000n || address > 0x000f_ffff_ffff_ffffn;
  return false;
}

/**
 * ARMv8.3 pointer authentication puts signature bits above the address in saved return addresses
 * and frame pointers. Keep the bits below Apple's 47-bit split, or below the highest module.
 */
function stripPointerAuthentication(address: bigint, context: UnwindContext): bigint {
  const highest = context.modules.highestEnd > 2n ** 47n - 1n ? context.modules.highestEnd : 2n ** 47n - 1n;
  let bit = 1n;
  while (bit <= highest && bit < 2n ** 64n) bit <<= 1n;
  return address & (bit - 1n);
}

function machineFor(context: UnwindContext, spec: ArchitectureSpec, hideLinkRegister: boolean): PostfixMachine {
  return {
    widthBytes: spec.widthBytes,
    register: (name) => {
      const canonical = canonicalRegister(context.architecture, name);
      if (hideLinkRegister && canonical === 'x30') return undefined;
      return context.callee.registers.get(canonical);
    },
    read: (address) => context.stack.read(address, spec.widthBytes),
  };
}

function forwardedRegisters(context: UnwindContext, spec: ArchitectureSpec): Registers {
  const registers: Registers = new Map();
  for (const name of spec.calleeSaved) {
    const value = context.callee.registers.get(name);
    if (value !== undefined) registers.set(name, value);
  }
  return registers;
}

function calleeSymbols(context: UnwindContext): { offset: number; symbols: NonNullable<ReturnType<UnwindContext['symbols']>> } | undefined {
  const module = context.modules.at(context.callee.instruction);
  if (module === undefined) return undefined;
  const symbols = context.symbols(module);
  const offset = moduleOffset(context.callee.instruction, module.base);
  if (symbols === undefined || offset === undefined) return undefined;
  return { offset, symbols };
}

function callerByCfi(context: UnwindContext, spec: ArchitectureSpec): StackFrame | undefined {
  if (!context.callee.registers.has(spec.stackPointer)) return undefined;
  const found = calleeSymbols(context);
  const cfi = found?.symbols.cfiAt(found.offset);
  if (found === undefined || cfi === undefined) return undefined;
  // A link register recovered from a frame record is only the caller's at the function's first instruction.
  const hideLinkRegister = context.architecture === 'arm64' && context.callee.trust === 'frame-pointer' && cfi.address !== found.offset;
  const outcome = evaluateCfi(cfi.rules, machineFor(context, spec, hideLinkRegister));
  if (outcome === undefined) return undefined;
  const registers = forwardedRegisters(context, spec);
  for (const [name, value] of outcome.registers) registers.set(canonicalRegister(context.architecture, name), value);
  registers.set(spec.stackPointer, outcome.cfa);
  let returnAddress = outcome.returnAddress;
  if (context.architecture === 'arm64') {
    returnAddress = stripPointerAuthentication(returnAddress, context);
    for (const name of ['x29', 'x30']) {
      const value = registers.get(name);
      if (value !== undefined) registers.set(name, stripPointerAuthentication(value, context));
    }
  }
  registers.set(spec.instruction, returnAddress);
  return newFrame(registers, 'cfi', spec);
}

/** x86 `STACK WIN` records: a frame-data program if there is one, else the older FPO data. */
function callerByStackWin(context: UnwindContext, spec: ArchitectureSpec): StackFrame | undefined {
  const found = calleeSymbols(context);
  if (found === undefined) return undefined;
  const esp = context.callee.registers.get('esp');
  const ebp = context.callee.registers.get('ebp');
  if (esp === undefined || ebp === undefined) return undefined;
  const grandCalleeParameters = BigInt(context.grandCallee?.function?.parameterSize ?? 0);
  const frameData = found.symbols.stackWinAt('frame-data', found.offset);
  const read = (address: bigint): bigint | undefined => context.stack.read(address & 0xffff_ffffn, 4);
  const registers = forwardedRegisters(context, spec);
  if (frameData?.program !== undefined) {
    const frameBytes = BigInt(frameData.localSize + frameData.savedRegisterSize) + grandCalleeParameters;
    const searchStart = (esp + frameBytes) & 0xffff_ffffn;
    const initial = new Map<string, bigint>([
      ['$esp', esp],
      ['$ebp', ebp],
      ['.cbParams', BigInt(frameData.parameterSize)],
      ['.cbCalleeParams', grandCalleeParameters],
      ['.cbSavedRegs', BigInt(frameData.savedRegisterSize)],
      ['.cbLocals', BigInt(frameData.localSize)],
      ['.raSearch', searchStart],
      ['.raSearchStart', searchStart],
    ]);
    const ebx = context.callee.registers.get('ebx');
    if (ebx !== undefined) initial.set('$ebx', ebx);
    const variables = evaluateWinProgram(frameData.program, initial, read);
    if (variables === undefined) return undefined;
    for (const name of ['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi']) {
      const value = variables.get(`$${name}`);
      if (value !== undefined) registers.set(name, value);
    }
    if (!registers.has('eip') || !registers.has('esp')) return undefined;
    return newFrame(registers, 'cfi', spec);
  }
  const fpo = found.symbols.stackWinAt('fpo', found.offset);
  if (fpo === undefined) return undefined;
  const frameBytes = BigInt(fpo.localSize + fpo.savedRegisterSize) + grandCalleeParameters;
  const eip = read(esp + frameBytes);
  if (eip === undefined) return undefined;
  let callerEbp = ebp;
  if (fpo.allocatesBasePointer) {
    const saved = read(esp + grandCalleeParameters + BigInt(fpo.savedRegisterSize) - 8n);
    if (saved === undefined) return undefined;
    callerEbp = saved;
  }
  registers.set('eip', eip);
  registers.set('esp', (esp + frameBytes + 4n) & 0xffff_ffffn);
  registers.set('ebp', callerEbp);
  return newFrame(registers, 'cfi', spec);
}

function callerByFramePointer(context: UnwindContext, spec: ArchitectureSpec): StackFrame | undefined {
  const { architecture, callee, stack } = context;
  if (architecture === 'amd64' && context.isWindows) return undefined;
  const framePointer = callee.registers.get(spec.framePointer);
  const stackPointer = callee.registers.get(spec.stackPointer);
  if (framePointer === undefined) return undefined;
  if (architecture !== 'x86' && stackPointer === undefined) return undefined;
  const width = BigInt(spec.widthBytes);
  if (framePointer >= 2n ** BigInt(spec.widthBytes * 8) - width * 2n) return undefined;
  const registers: Registers = new Map();
  if (architecture === 'arm64') {
    if (framePointer === 0n) {
      // The last frame record: stop by not advancing.
      registers.set('pc', 0n);
      registers.set('x29', 0n);
      registers.set('sp', stackPointer ?? 0n);
      return newFrame(registers, 'frame-pointer', spec);
    }
    const savedFramePointer = stack.read(framePointer, 8);
    const savedPc = stack.read(framePointer + 8n, 8);
    if (savedFramePointer === undefined || savedPc === undefined) return undefined;
    const callerFramePointer = stripPointerAuthentication(savedFramePointer, context);
    const callerPc = stripPointerAuthentication(savedPc, context);
    if (isNonCanonical(architecture, callerPc)) return undefined;
    registers.set('pc', callerPc);
    registers.set('x29', callerFramePointer);
    registers.set('sp', framePointer + 16n);
    const callerLr = callerFramePointer === 0n ? undefined : stack.read(callerFramePointer + 8n, 8);
    if (callerLr !== undefined) registers.set('x30', stripPointerAuthentication(callerLr, context));
    return newFrame(registers, 'frame-pointer', spec);
  }
  const callerIp = stack.read(framePointer + width, spec.widthBytes);
  const callerFramePointer = stack.read(framePointer, spec.widthBytes);
  if (callerIp === undefined || callerFramePointer === undefined) return undefined;
  const callerStackPointer = framePointer + width * 2n;
  if (architecture === 'amd64') {
    // Coherent frame pointers only: ordered, inside the stack, a canonical return address, a stack that shrinks.
    if (callerStackPointer <= framePointer || callerFramePointer < callerStackPointer) return undefined;
    if (stack.read(callerFramePointer, 8) === undefined) return undefined;
    if (isNonCanonical(architecture, callerIp)) return undefined;
    if (callerStackPointer <= (stackPointer ?? 0n) || stack.read(callerStackPointer, 8) === undefined) return undefined;
  }
  registers.set(spec.instruction, callerIp);
  registers.set(spec.stackPointer, callerStackPointer);
  registers.set(spec.framePointer, callerFramePointer);
  return newFrame(registers, 'frame-pointer', spec);
}

function callerByScan(context: UnwindContext, spec: ArchitectureSpec): StackFrame | undefined {
  const { architecture, callee, stack } = context;
  const stackPointer = callee.registers.get(spec.stackPointer);
  if (stackPointer === undefined) return undefined;
  const framePointer = callee.registers.get(spec.framePointer);
  const width = BigInt(spec.widthBytes);
  const trusted = callee.trust === 'context' || (architecture !== 'x86' && callee.trust === 'cfi');
  const words = trusted ? EXTENDED_SCAN_WORDS : SCAN_WORDS;
  for (let word = 0; word < words; word++) {
    const addressOfIp = stackPointer + BigInt(word) * width;
    const candidate = stack.read(addressOfIp, spec.widthBytes);
    if (candidate === undefined) return undefined;
    if (candidate === 0n || isNonCanonical(architecture, candidate) || !seemsReturnAddress(candidate, context.modules, context.symbols))
      continue;
    const callerStackPointer = addressOfIp + width;
    const registers: Registers = new Map([
      [spec.instruction, candidate],
      [spec.stackPointer, callerStackPointer],
    ]);
    if (architecture !== 'arm64' && word > 0) {
      // Recover the frame pointer: pushed just below the return address by a standard prologue,
      // or, in a function that does not use it, still the caller's own.
      const addressOfFramePointer = addressOfIp - width;
      const saved = stack.read(addressOfFramePointer, spec.widthBytes);
      const savedLooksRight =
        saved !== undefined &&
        saved > addressOfIp &&
        saved - addressOfFramePointer <= MAX_REASONABLE_FRAME_BYTES &&
        (architecture === 'x86' || framePointer === addressOfFramePointer) &&
        stack.read(saved, spec.widthBytes) !== undefined;
      if (savedLooksRight) registers.set(spec.framePointer, saved);
      else if (
        framePointer !== undefined &&
        framePointer >= callerStackPointer &&
        (architecture === 'amd64' || stack.read(framePointer, 4) !== undefined)
      ) {
        registers.set(spec.framePointer, framePointer);
      }
    }
    return newFrame(registers, 'scan', spec);
  }
  return undefined;
}

/**
 * The caller of `context.callee`, or undefined when the walk is over: nothing found, an
 * instruction pointer in the first page, or a stack pointer that did not move up.
 */
export function findCaller(context: UnwindContext): StackFrame | undefined {
  const spec = SPECS[context.architecture];
  const frame =
    (context.architecture === 'x86' ? callerByStackWin(context, spec) : undefined) ??
    callerByCfi(context, spec) ??
    callerByFramePointer(context, spec) ??
    callerByScan(context, spec);
  if (frame === undefined) return undefined;
  const ip = frame.registers.get(spec.instruction) ?? 0n;
  if (ip < 0x1000n) return undefined;
  const sp = frame.registers.get(spec.stackPointer) ?? 0n;
  const calleeSp = context.callee.registers.get(spec.stackPointer) ?? 0n;
  if (sp < calleeSp) return undefined;
  if (sp === calleeSp) {
    // An ARM64 leaf function or a function's first instruction may leave sp where it was; nothing else may.
    const leafAllowed = context.architecture === 'arm64' && (context.callee.trust === 'context' || frame.trust === 'cfi');
    if (!leafAllowed || ip === context.callee.registers.get(spec.instruction)) return undefined;
  }
  frame.instruction = ip - spec.callBytes;
  return frame;
}

/** The register that holds a thread's instruction pointer. */
export function instructionRegister(architecture: Architecture): string {
  return SPECS[architecture].instruction;
}
