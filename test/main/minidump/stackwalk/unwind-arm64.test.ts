import { describe, expect, it } from 'vitest';
import { knownRegisters, Label, SyntheticStack, walkSynthetic, type SyntheticWalk } from '../../../helpers/synthetic-stack';

/**
 * arm64 unwinding on synthetic stacks: the cases of rust-minidump's arm64_unittest.rs and
 * Breakpad's stackwalker_arm64_unittest.cc, written afresh. module1 at 0x40000000 and module2 at
 * 0x50000000, 64 KiB each. Registers by the names the walker keeps: x29 is fp, x30 is lr.
 */
const MODULES = [
  { base: 0x4000_0000n, sizeBytes: 0x10000, name: 'module1' },
  { base: 0x5000_0000n, sizeBytes: 0x10000, name: 'module2' },
];

function walk(
  stack: SyntheticStack,
  registers: SyntheticWalk['registers'],
  extra: Partial<SyntheticWalk> = {},
): ReturnType<typeof walkSynthetic> {
  return walkSynthetic({ architecture: 'arm64', registers, stack, modules: MODULES, isWindows: true, ...extra });
}

describe('arm64 unwinding', () => {
  it('stops after the context frame when nothing finds a caller', () => {
    const frames = walk(new SyntheticStack(0x8000_0000n), { pc: 0x4000_c020n, x29: 0x8000_0000n, sp: 0x8000_0000n });
    expect(frames).toHaveLength(1);
    expect(frames[0]?.module?.path).toBe('module1');
  });

  it('scans without symbols, and a caller instruction is 4 bytes before its return address', () => {
    const [frame1Sp, frame2Sp] = [new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 16)
      .d64(0x4009_0000n)
      .d64(0x6000_0000n)
      .d64(0x5000_0100n)
      .mark(frame1Sp)
      .repeat(0, 16)
      .d64(0xf000_0000n)
      .d64(0x0000_000dn)
      .d64(0x5000_0900n)
      .mark(frame2Sp)
      .repeat(0, 64);
    const frames = walk(stack, { pc: 0x4000_5510n, sp: stack.start });
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'scan', 'scan']);
    expect(knownRegisters(frames[1])).toEqual(['pc', 'sp']);
    expect(frames[1]?.registers.get('sp')).toBe(frame1Sp.get());
    expect(frames[1]?.instruction).toBe(0x5000_0100n - 4n);
    expect(frames[2]?.registers.get('pc')).toBe(0x5000_0900n);
    expect(frames[2]?.registers.get('sp')).toBe(frame2Sp.get());
  });

  it('scans with symbols, passing over addresses outside every function', () => {
    const frame1Sp = new Label();
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 16)
      .d64(0x4009_0000n)
      .d64(0x6000_0000n)
      .d64(0x4000_1000n)
      .d64(0x5000_f000n)
      .d64(0x5000_0200n)
      .mark(frame1Sp)
      .repeat(0, 64);
    const frames = walk(
      stack,
      { pc: 0x4000_0200n, sp: stack.start },
      { symbols: { module1: 'FUNC 100 400 10 monotreme\n', module2: 'FUNC 100 400 10 marsupial\n' } },
    );
    expect(frames.map((frame) => frame.function?.name)).toEqual(['monotreme', 'marsupial']);
    expect(frames[1]?.registers.get('sp')).toBe(frame1Sp.get());
  });

  it('scans further below the context frame than below a scanned one', () => {
    const frame1Sp = new Label();
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 16)
      .d64(0x4009_0000n)
      .d64(0x6000_0000n)
      .repeat(0, 96)
      .d64(0x5000_0100n) // 17 words down: found from the context frame
      .mark(frame1Sp)
      .repeat(0, 32)
      .d64(0xf000_0000n)
      .d64(0x0000_000dn)
      .repeat(0, 336)
      .d64(0x5000_0900n) // 48 words down: past an ordinary scan
      .repeat(0, 64);
    const frames = walk(stack, { pc: 0x4000_5510n, sp: stack.start });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.registers.get('sp')).toBe(frame1Sp.get());
  });

  it('follows frame records: pc and fp saved in pairs, and the caller’s lr from its own record', () => {
    const [frame1Sp, frame2Sp, frame0Fp, frame1Fp, frame2Fp] = [new Label(), new Label(), new Label(), new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 64)
      .d64(0x0000_000dn)
      .d64(0xf000_0000n)
      .mark(frame0Fp)
      .d64(frame1Fp)
      .d64(0x5000_0100n)
      .mark(frame1Sp)
      .repeat(0, 64)
      .d64(0x0000_000dn)
      .d64(0xf000_0000n)
      .mark(frame1Fp)
      .d64(frame2Fp)
      .d64(0x5000_0900n)
      .mark(frame2Sp)
      .repeat(0, 64)
      .d64(0x0000_000dn)
      .d64(0xf000_0000n)
      .mark(frame2Fp)
      .d64(0)
      .d64(0);
    const frames = walk(stack, { pc: 0x4000_5510n, x30: 0x1fe0_fe10n, x29: frame0Fp, sp: stack.start });
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'frame-pointer', 'frame-pointer']);
    expect(Object.fromEntries(frames[1]?.registers ?? [])).toEqual({
      pc: 0x5000_0100n,
      sp: frame1Sp.get(),
      x29: frame1Fp.get(),
      x30: 0x5000_0900n,
    });
    expect(Object.fromEntries(frames[2]?.registers ?? [])).toEqual({ pc: 0x5000_0900n, sp: frame2Sp.get(), x29: frame2Fp.get(), x30: 0n });
  });

  it('uses a link register recovered from a frame record at a function’s first instruction, where CFI says .ra is x30', () => {
    const [frame0Fp, frame1Sp, frame1Fp] = [new Label(), new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 64)
      .mark(frame0Fp)
      .d64(frame1Fp)
      .d64(0x4000_2004n) // into caller, just after its first instruction... (resume address)
      .mark(frame1Sp)
      .repeat(0, 64)
      .mark(frame1Fp)
      .d64(0)
      .d64(0x5000_0104n)
      .repeat(0, 64);
    const symbols = ['FUNC 1000 100 10 callee', 'FUNC 2000 100 10 caller', 'STACK CFI INIT 2000 100 .cfa: sp 0 + .ra: x30'].join('\n');
    const frames = walk(stack, { pc: 0x4000_1010n, x29: frame0Fp, sp: stack.start, x30: 0x1fe0_fe10n }, { symbols: { module1: symbols } });
    expect(frames[1]).toMatchObject({ trust: 'frame-pointer', instruction: 0x4000_2000n });
    // At 0x2000, the start of `caller`'s CFI, the link register from the frame record is the caller's: CFI recovers it.
    expect(frames[2]).toMatchObject({ trust: 'cfi', instruction: 0x5000_0100n });
  });

  it('strips pointer-authentication bits from saved return addresses and frame pointers', () => {
    const [frame0Fp, frame1Sp, frame1Fp] = [new Label(), new Label(), new Label()];
    const signed = 0xff00_0000_5000_0100n; // signature bits above Apple's 47-bit address space
    const stack = new SyntheticStack(0x8000_0000n)
      .mark(frame0Fp)
      .d64(frame1Fp)
      .d64(signed)
      .mark(frame1Sp)
      .repeat(0, 32)
      .mark(frame1Fp)
      .d64(0)
      .d64(0);
    const frames = walk(stack, { pc: 0x4000_5510n, x29: frame0Fp, sp: stack.start });
    expect(frames[1]?.registers.get('pc')).toBe(0x5000_0100n);
    expect(frames[1]?.module?.path).toBe('module2');
  });

  it('keeps high bits when a module lies that high: the mask follows the highest module', () => {
    const [frame0Fp, frame1Fp] = [new Label(), new Label()];
    const high = 0x8_0000_0000_0100n; // above 2^47, below the 52 bits ARM64 user space reaches
    const stack = new SyntheticStack(0x8000_0000n).mark(frame0Fp).d64(frame1Fp).d64(high).repeat(0, 32).mark(frame1Fp).d64(0).d64(0);
    const frames = walk(
      stack,
      { pc: 0x4000_5510n, x29: frame0Fp, sp: stack.start },
      { modules: [...MODULES, { base: 0x8_0000_0000_0000n, sizeBytes: 0x10000, name: 'high-module' }] },
    );
    expect(frames[1]?.registers.get('pc')).toBe(high);
    expect(frames[1]?.module?.path).toBe('high-module');
  });

  it('follows call frame information, with the CFA and saved registers', () => {
    const frame1Sp = new Label();
    const symbols = [
      'FUNC 5000 100 0 leaf_with_frame',
      'STACK CFI INIT 5000 100 .cfa: sp 16 + .ra: .cfa -8 + ^ x29: .cfa -16 + ^',
      'FUNC 100 100 0 caller',
    ].join('\n');
    const stack = new SyntheticStack(0x8000_0000n).d64(0x8000_0100n).d64(0x5000_0104n).mark(frame1Sp).repeat(0, 256);
    const frames = walk(stack, { pc: 0x4000_5010n, sp: stack.start, x29: 0x1234n, x19: 0x19n }, { symbols: { module1: symbols } });
    expect(frames[1]?.trust).toBe('cfi');
    expect(Object.fromEntries(frames[1]?.registers ?? [])).toEqual({ pc: 0x5000_0104n, sp: frame1Sp.get(), x29: 0x8000_0100n, x19: 0x19n });
  });
});
