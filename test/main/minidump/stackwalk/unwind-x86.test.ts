import { describe, expect, it } from 'vitest';
import { knownRegisters, Label, SyntheticStack, walkSynthetic, type SyntheticWalk } from '../../../helpers/synthetic-stack';

/**
 * x86 unwinding on synthetic stacks: the cases of rust-minidump's x86_unittest.rs and Breakpad's
 * stackwalker_x86_unittest.cc, written afresh. module1 at 0x40000000 and module2 at 0x50000000,
 * 64 KiB each, on Windows.
 */
const MODULES = [
  { base: 0x4000_0000n, sizeBytes: 0x10000, name: 'module1' },
  { base: 0x5000_0000n, sizeBytes: 0x10000, name: 'module2' },
];

function walk(
  stack: SyntheticStack,
  registers: SyntheticWalk['registers'],
  symbols: Record<string, string> = {},
): ReturnType<typeof walkSynthetic> {
  return walkSynthetic({ architecture: 'x86', registers, stack, modules: MODULES, symbols, isWindows: true });
}

describe('x86 unwinding', () => {
  it('stops after the context frame at the end-of-stack marker', () => {
    const stack = new SyntheticStack(0x8000_0000n).d32(0).d32(0);
    const frames = walk(stack, { eip: 0x4000_0200n, ebp: 0x8000_0000n, esp: 0x8000_0000n });
    expect(frames).toHaveLength(1);
    expect(frames[0]?.module?.path).toBe('module1');
  });

  it('walks a traditional frame: saved %ebp just below the return address', () => {
    const [frame0Ebp, frame1Ebp] = [new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .repeat(0, 12)
      .mark(frame0Ebp)
      .d32(frame1Ebp)
      .d32(0x4000_8679)
      .repeat(0, 8)
      .mark(frame1Ebp)
      .d32(0)
      .d32(0);
    const frames = walk(stack, { eip: 0x4000_c7a5n, esp: stack.start, ebp: frame0Ebp });
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'frame-pointer']);
    expect(frames[0]?.instruction).toBe(0x4000_c7a5n);
    expect(frames[1]?.instruction).toBe(0x4000_8678n);
    expect(frames[1]?.registers.get('eip')).toBe(0x4000_8679n);
  });

  for (const [name, gap] of [
    ['scans for a return address when %ebp is bogus, and recovers the saved %ebp beside it', 0],
    ['scans a long way down for it', 20 * 4],
  ] as const) {
    it(name, () => {
      const [frame1Esp, frame1Ebp] = [new Label(), new Label()];
      const stack = new SyntheticStack(0x8000_0000n)
        .d32(0xf065_dc76)
        .d32(0x46ee_2167)
        .d32(0xbab0_23ec)
        .repeat(0, gap)
        .d32(frame1Ebp)
        .d32(0x4000_129d)
        .mark(frame1Esp)
        .repeat(0, 8)
        .mark(frame1Ebp)
        .d32(0)
        .d32(0);
      const frames = walk(stack, { eip: 0x4000_f49dn, esp: stack.start, ebp: 0xd43e_ed6en });
      expect(frames.map((frame) => frame.trust)).toEqual(['context', 'scan']);
      expect(knownRegisters(frames[1])).toEqual(['ebp', 'eip', 'esp']);
      expect(frames[1]?.registers.get('eip')).toBe(0x4000_129dn);
      expect(frames[1]?.registers.get('esp')).toBe(frame1Esp.get());
      expect(frames[1]?.registers.get('ebp')).toBe(frame1Ebp.get());
    });
  }

  describe('call frame information through a prologue', () => {
    const SYMBOLS = [
      'FUNC 4000 1000 10 enchiridion',
      'STACK CFI INIT 4000 100 .cfa: $esp 4 + .ra: .cfa 4 - ^',
      'STACK CFI 4001 .cfa: $esp 8 + $ebx: .cfa 8 - ^',
      'STACK CFI 4002 $esi: $ebx',
      'STACK CFI 4003 .cfa: $esp 20 + $edi: .cfa 16 - ^',
      'STACK CFI 4005 .ra: $edi',
      'STACK CFI 4006 .cfa: $ebp 8 + $ebp: .cfa 12 - ^',
      'FUNC 5000 1000 10 epictetus',
      'STACK CFI INIT 5000 1000 .cfa: $esp .ra 0',
    ].join('\n');
    const CALLER = { eip: 0x4000_5510n, ebp: 0xc0d4_aab9n, ebx: 0x60f2_0ce6n, esi: 0x53d1_379dn, edi: 0xafba_e234n };
    const START = 0x8000_0000n;

    function expectCaller(stack: SyntheticStack, callee: Record<string, bigint | Label>, frame1Esp: Label): void {
      const frames = walk(stack, { ...CALLER, esp: START, ...callee }, { module1: SYMBOLS });
      expect(frames.map((frame) => frame.trust)).toEqual(['context', 'cfi']);
      expect(knownRegisters(frames[1])).toEqual(['ebp', 'ebx', 'edi', 'eip', 'esi', 'esp']);
      expect(Object.fromEntries(frames[1]?.registers ?? [])).toEqual({ ...CALLER, esp: frame1Esp.get() });
    }

    it('at 4000, 4001 and 4002', () => {
      let frame1Esp = new Label();
      expectCaller(new SyntheticStack(START).d32(CALLER.eip).mark(frame1Esp).repeat(0, 1000), { eip: 0x4000_4000n }, frame1Esp);
      frame1Esp = new Label();
      expectCaller(
        new SyntheticStack(START).d32(CALLER.ebx).d32(CALLER.eip).mark(frame1Esp).repeat(0, 1000),
        { eip: 0x4000_4001n, ebx: 0x91aa_9a8bn },
        frame1Esp,
      );
      frame1Esp = new Label();
      expectCaller(
        new SyntheticStack(START).d32(CALLER.ebx).d32(CALLER.eip).mark(frame1Esp).repeat(0, 1000),
        { eip: 0x4000_4002n, ebx: CALLER.esi, esi: 0xa5c7_90edn },
        frame1Esp,
      );
    });

    it('at 4003, 4005 and 4006', () => {
      let frame1Esp = new Label();
      expectCaller(
        new SyntheticStack(START)
          .d32(0x56ec_3db7)
          .d32(CALLER.edi)
          .d32(0x53d6_7131)
          .d32(CALLER.ebx)
          .d32(CALLER.eip)
          .mark(frame1Esp)
          .repeat(0, 1000),
        { eip: 0x4000_4003n, ebx: CALLER.esi, esi: 0xa97f_229dn, edi: 0xb05c_c997n },
        frame1Esp,
      );
      frame1Esp = new Label();
      expectCaller(
        new SyntheticStack(START)
          .d32(0xe297_82c2)
          .d32(CALLER.edi)
          .d32(0x5ba2_9ce9)
          .d32(CALLER.ebx)
          .d32(0x8036_cc02)
          .mark(frame1Esp)
          .repeat(0, 1000),
        { eip: 0x4000_4005n, ebx: CALLER.esi, esi: 0x0fb7_dc4en, edi: CALLER.eip },
        frame1Esp,
      );
      frame1Esp = new Label();
      const frame0Ebp = new Label();
      expectCaller(
        new SyntheticStack(START)
          .d32(0xdcdd_25cd)
          .d32(CALLER.edi)
          .d32(CALLER.ebp)
          .mark(frame0Ebp)
          .d32(CALLER.ebx)
          .d32(0x8036_cc02)
          .mark(frame1Esp)
          .repeat(0, 1000),
        { eip: 0x4000_4006n, ebp: frame0Ebp, ebx: CALLER.esi, esi: 0x7438_33c9n, edi: CALLER.eip },
        frame1Esp,
      );
    });
  });

  const FRAME_DATA =
    'STACK WIN 4 aa85 176 0 0 4 10 4 0 1 $T2 $esp .cbSavedRegs + = $T0 .raSearchStart = $eip $T0 ^ = $esp $T0 4 + = $ebx $T2 4  - ^ = $edi $T2 8  - ^ = $esi $T2 12 - ^ = $ebp $T2 16 - ^ =';

  function frameDataStack(): { stack: SyntheticStack; frame1Esp: Label; frame1Ebp: Label } {
    const [frame1Esp, frame1Ebp] = [new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .d32(frame1Ebp) // saved %ebp
      .d32(0xa712_0d1a) // %esi
      .d32(0x6308_91be) // %edi
      .d32(0x9068_a878) // %ebx
      .d32(0xa08e_a45f) // a local
      .d32(0x4000_1350) // return address
      .mark(frame1Esp)
      .repeat(0, 12)
      .mark(frame1Ebp)
      .d32(0)
      .d32(0);
    return { stack, frame1Esp, frame1Ebp };
  }

  it('follows a STACK WIN frame-data program', () => {
    const { stack, frame1Esp, frame1Ebp } = frameDataStack();
    const frames = walk(stack, { eip: 0x4000_aa85n, esp: stack.start, ebp: 0xf052_c1den }, { module1: `${FRAME_DATA}\n` });
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'cfi']);
    expect(Object.fromEntries(frames[1]?.registers ?? [])).toEqual({
      eip: 0x4000_1350n,
      esp: frame1Esp.get(),
      ebp: frame1Ebp.get(),
      ebx: 0x9068_a878n,
      esi: 0xa712_0d1an,
      edi: 0x6308_91ben,
    });
  });

  it('takes the latest-starting of overlapping STACK WIN records', () => {
    const junk = (start: string, size: string): string => `STACK WIN 4 ${start} ${size} 0 0 4 10 4 0 1 $eip .raSearchStart =`;
    const symbols = [junk('aa80', '181'), junk('aa84', '177'), FRAME_DATA, junk('aa86', '175')].join('\n');
    const { stack, frame1Esp } = frameDataStack();
    const frames = walk(stack, { eip: 0x4000_aa85n, esp: stack.start, ebp: 0xf052_c1den }, { module1: symbols });
    expect(frames[1]?.registers.get('eip')).toBe(0x4000_1350n);
    expect(frames[1]?.registers.get('esp')).toBe(frame1Esp.get());
  });

  it("sizes a STACK WIN frame with its callee's parameters, taken from the callee's STACK WIN record over its FUNC", () => {
    const [frame0Esp, frame0Ebp, frame1Esp, frame2Esp, frame2Ebp] = [new Label(), new Label(), new Label(), new Label(), new Label()];
    const stack = new SyntheticStack(0x8000_0000n)
      .mark(frame0Esp)
      .repeat(0, 16)
      .mark(frame0Ebp)
      .d32(0x6fa9_02e0) // saved %ebp, not a frame pointer
      .d32(0x5000_aa95) // return address into module2::whine
      .mark(frame1Esp)
      .d32(0xbaa0_cb7a) // three arguments to module1::wheedle
      .d32(0xbdc9_2f9f)
      .d32(0x0b1d_8442)
      .d32(frame2Ebp) // saved %ebp
      .d32(0xb1b9_0a15)
      .d32(0xf18e_072d)
      .d32(0x2558_c7f3) // saved %ebx
      .d32(0x0365_e25e)
      .d32(0x2a17_9e38) // return address, outside every module
      .mark(frame2Esp)
      .repeat(0, 12)
      .mark(frame2Ebp)
      .d32(0)
      .d32(0);
    const frames = walk(
      stack,
      { eip: 0x4000_1004n, esp: frame0Esp, ebp: frame0Ebp },
      {
        module1: 'FUNC 1000 100 c module1::wheedle\n',
        module2: [
          'FUNC aa85 176 beef module2::whine',
          'STACK WIN 4 aa85 176 0 0 4 10 4 0 1 $T2 $esp .cbLocals + .cbSavedRegs + = $T0 .raSearchStart = $eip $T0 ^ = $esp $T0 4 + = $ebp $T0 20 - ^ = $ebx $T0 8 - ^ =',
        ].join('\n'),
      },
    );
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'frame-pointer', 'cfi']);
    expect(frames[1]?.function).toMatchObject({ name: 'module2::whine', parameterSize: 4 });
    expect(frames[1]?.registers.get('ebp')).toBe(0x6fa9_02e0n);
    expect(frames[2]?.registers.get('eip')).toBe(0x2a17_9e38n);
    expect(frames[2]?.registers.get('esp')).toBe(frame2Esp.get());
    expect(frames[2]?.registers.get('ebp')).toBe(frame2Ebp.get());
    expect(frames[2]?.registers.get('ebx')).toBe(0x2558_c7f3n);
    expect(frames[2]?.module).toBeUndefined();
  });

  it('follows STACK WIN FPO data: frame size from locals, saved registers and the callee’s parameters', () => {
    const frame1Esp = new Label();
    // FPO record: 8 bytes of locals, 4 of saved registers, no base pointer.
    const stack = new SyntheticStack(0x8000_0000n)
      .d32(0x1111_1111)
      .d32(0x2222_2222)
      .d32(0x3333_3333)
      .d32(0x5000_0120)
      .mark(frame1Esp)
      .repeat(0, 64);
    const frames = walk(
      stack,
      { eip: 0x4000_2010n, esp: stack.start, ebp: 0x7777_7777n },
      { module1: 'FUNC 2000 100 0 fpo_function\nSTACK WIN 0 2000 100 0 0 0 4 8 0 0 0\n' },
    );
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'cfi']);
    expect(frames[1]?.registers.get('eip')).toBe(0x5000_0120n);
    expect(frames[1]?.registers.get('esp')).toBe(frame1Esp.get());
    expect(frames[1]?.registers.get('ebp')).toBe(0x7777_7777n);
  });

  it('survives frame pointers at the top of the 32-bit address space', () => {
    const high = new SyntheticStack(0xffff_ffffn - 1000n).repeat(0, 1000);
    expect(walk(high, { eip: 0x7a10_0000n, ebp: 0xffff_ffffn, esp: high.start })).toHaveLength(1);
    const [frame0Fp, frame1Sp, frame1Fp] = [new Label(), new Label(), new Label()];
    const barely = new SyntheticStack(0xffff_ffffn - 12n)
      .mark(frame0Fp)
      .d32(frame1Fp)
      .d32(0x7b30_2000)
      .mark(frame1Sp)
      .mark(frame1Fp)
      .d32(0);
    const frames = walk(barely, { eip: 0x7a10_0000n, ebp: frame0Fp, esp: barely.start });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.registers.get('esp')).toBe(frame1Sp.get());
  });
});
