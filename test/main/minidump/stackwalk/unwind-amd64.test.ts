import { describe, expect, it } from 'vitest';
import { knownRegisters, Label, SyntheticStack, walkSynthetic, type SyntheticWalk } from '../../../helpers/synthetic-stack';

/**
 * amd64 unwinding on synthetic stacks: the cases of rust-minidump's minidump-unwind
 * amd64_unittest.rs and Breakpad's stackwalker_amd64_unittest.cc, written afresh. Two modules,
 * module1 at 0x7400c0000000 and module2 at 0x7500b0000000, 64 KiB each, on Linux.
 */
const MODULES = [
  { base: 0x7400_c000_0000n, sizeBytes: 0x10000, name: 'module1' },
  { base: 0x7500_b000_0000n, sizeBytes: 0x10000, name: 'module2' },
];

function walk(
  stack: SyntheticStack,
  registers: SyntheticWalk['registers'],
  extra: Partial<SyntheticWalk> = {},
): ReturnType<typeof walkSynthetic> {
  return walkSynthetic({ architecture: 'amd64', registers, stack, modules: MODULES, ...extra });
}

describe('amd64 unwinding', () => {
  it('stops after the context frame when nothing finds a caller', () => {
    const frames = walk(new SyntheticStack(0x8000_0000n), { rip: 0x7400_c000_0200n, rbp: 0x8000_0000_8000_0000n, rsp: 0x8000_0000n });
    expect(frames).toHaveLength(1);
    expect(frames[0]?.module?.path).toBe('module1');
    expect(frames[0]?.trust).toBe('context');
  });

  it('follows a caller-pushed %rbp: the saved %rbp below the return address', () => {
    const [frame0Rbp, frame1Sp, frame1Rbp] = [new Label(), new Label(), new Label()];
    const returnAddress = 0x7500_b000_0110n;
    const stack = new SyntheticStack(0x8000_0000_8000_0000n)
      .repeat(0, 16)
      .d64(0x7400_b000_0000n) // junk, not a return address
      .d64(0x7500_b000_0000n)
      .d64(0x7400_c000_1000n) // plausible but not within functions
      .d64(0x7500_b000_aaaan)
      .mark(frame0Rbp)
      .d64(frame1Rbp)
      .d64(returnAddress)
      .mark(frame1Sp)
      .repeat(0, 32)
      .mark(frame1Rbp)
      .d64(0);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: frame0Rbp, rsp: stack.start });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('frame-pointer');
    expect(knownRegisters(frames[1])).toEqual(['rbp', 'rip', 'rsp']);
    expect(frames[1]?.registers.get('rip')).toBe(returnAddress);
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Sp.get());
    expect(frames[1]?.registers.get('rbp')).toBe(frame1Rbp.get());
    expect(frames[1]?.instruction).toBe(returnAddress - 1n);
  });

  it('does not trust %rbp on Windows, where it may point mid-frame, and scans instead', () => {
    const [frame0Rbp, frame1Sp, frame1Rbp] = [new Label(), new Label(), new Label()];
    const returnAddress = 0x7500_b000_0110n;
    const stack = new SyntheticStack(0x8000_0000_8000_0000n)
      .repeat(0, 16)
      .d64(0xb000_0000n)
      .d64(0xb000_0000n)
      .mark(frame0Rbp)
      .d64(0xc000_1000n)
      .d64(0xb000_aaaan)
      .d64(frame1Rbp)
      .d64(returnAddress)
      .mark(frame1Sp)
      .repeat(0, 32)
      .mark(frame1Rbp)
      .d64(0);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: frame0Rbp, rsp: stack.start }, { isWindows: true });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.registers.get('rip')).toBe(returnAddress);
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Sp.get());
  });

  it('scans without symbols: any address inside a module is a return address; a bogus saved %rbp is not kept', () => {
    const [frame1Sp, frame2Sp, frame1Rbp] = [new Label(), new Label(), new Label()];
    const start = 0x8000_0000_8000_0000n;
    const [returnAddress1, returnAddress2] = [0x7500_b000_0100n, 0x7500_b000_0900n];
    const stack = new SyntheticStack(start)
      .repeat(0, 16)
      .d64(0x7400_b000_0000n) // outside every module
      .d64(0x7500_d000_0000n)
      .d64(returnAddress1)
      .mark(frame1Sp)
      .repeat(0, 16)
      .d64(0x7400_b000_0000n)
      .d64(0x7500_d000_0000n)
      .mark(frame1Rbp)
      .d64(start) // where a saved %rbp would be, but pointing backwards
      .d64(returnAddress2)
      .mark(frame2Sp)
      .repeat(0, 32);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: frame1Rbp, rsp: start });
    expect(frames.map((frame) => frame.trust)).toEqual(['context', 'scan', 'scan']);
    expect(frames[1]?.registers.get('rip')).toBe(returnAddress1);
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Sp.get());
    expect(frames[1]?.registers.get('rbp')).toBe(frame1Rbp.get());
    expect(frames[2]?.registers.get('rip')).toBe(returnAddress2);
    expect(frames[2]?.registers.get('rsp')).toBe(frame2Sp.get());
  });

  it('scans with symbols: an address inside a module but outside every function is passed over', () => {
    const [frame1Rsp, frame1Rbp] = [new Label(), new Label()];
    const returnAddress = 0x7500_b000_0110n;
    const stack = new SyntheticStack(0x8000_0000_8000_0000n)
      .repeat(0, 16)
      .d64(0x7400_b000_0000n)
      .d64(0x7500_b000_0000n)
      .d64(0x7400_c000_1000n) // in module1, past monotreme
      .d64(0x7500_b000_aaaan) // in module2, past marsupial
      .d64(returnAddress)
      .mark(frame1Rsp)
      .repeat(0, 32)
      .mark(frame1Rbp);
    const frames = walk(
      stack,
      { rip: 0x7400_c000_0200n, rbp: frame1Rbp, rsp: stack.start },
      { symbols: { module1: 'FUNC 100 400 10 monotreme\n', module2: 'FUNC 100 400 10 marsupial\n' } },
    );
    expect(frames).toHaveLength(2);
    expect(frames[0]?.function?.name).toBe('monotreme');
    expect(frames[1]?.trust).toBe('scan');
    expect(knownRegisters(frames[1])).toEqual(['rbp', 'rip', 'rsp']);
    expect(frames[1]?.registers.get('rip')).toBe(returnAddress);
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Rsp.get());
    expect(frames[1]?.registers.get('rbp')).toBe(frame1Rbp.get());
    expect(frames[1]?.function?.name).toBe('marsupial');
  });

  describe('call frame information, instruction by instruction through a prologue', () => {
    const SYMBOLS = [
      'FUNC 4000 1000 10 enchiridion',
      'STACK CFI INIT 4000 100 .cfa: $rsp 8 + .ra: .cfa 8 - ^',
      'STACK CFI 4001 .cfa: $rsp 16 + $rbx: .cfa 16 - ^',
      'STACK CFI 4002 $r12: $rbx',
      'STACK CFI 4003 .cfa: $rsp 40 + $r13: .cfa 32 - ^',
      'STACK CFI 4005 .ra: $r13',
      'STACK CFI 4006 .cfa: $rbp 16 + $rbp: .cfa 24 - ^',
      'FUNC 5000 1000 10 epictetus',
      // The caller marks the end of the stack: this rule cannot be evaluated.
      'STACK CFI INIT 5000 1000 .cfa: $rsp .ra 0',
    ].join('\n');
    const CALLER = {
      rip: 0x7400_c000_5510n,
      rbp: 0x6899_5b1d_e470_0266n,
      rbx: 0x5a5b_eeb3_8de2_3be8n,
      r12: 0xed1b_02e8_cc0f_c79cn,
      r13: 0x1d20_ad8a_cacb_e930n,
      r14: 0xe94c_ffc2_f7ad_aa28n,
      r15: 0xb638_d17d_8da4_13b5n,
    };
    const START = 0x8000_0000_8000_0000n;

    function expectCaller(stack: SyntheticStack, callee: Record<string, bigint | Label>, frame1Rsp: Label): void {
      const frames = walk(stack, { ...CALLER, rsp: START, ...callee }, { symbols: { module1: SYMBOLS } });
      expect(frames.map((frame) => frame.trust)).toEqual(['context', 'cfi']);
      expect(frames[0]?.function?.name).toBe('enchiridion');
      expect(frames[1]?.function?.name).toBe('epictetus');
      expect(knownRegisters(frames[1])).toEqual(['r12', 'r13', 'r14', 'r15', 'rbp', 'rbx', 'rip', 'rsp']);
      expect(Object.fromEntries(frames[1]?.registers ?? [])).toEqual({ ...CALLER, rsp: frame1Rsp.get() });
    }

    it('at 4000: only the return address is on the stack', () => {
      const frame1Rsp = new Label();
      const stack = new SyntheticStack(START).d64(CALLER.rip).mark(frame1Rsp).repeat(0, 1000);
      expectCaller(stack, { rip: 0x7400_c000_4000n }, frame1Rsp);
    });

    it('at 4001: %rbx pushed', () => {
      const frame1Rsp = new Label();
      const stack = new SyntheticStack(START).d64(CALLER.rbx).d64(CALLER.rip).mark(frame1Rsp).repeat(0, 1000);
      expectCaller(stack, { rip: 0x7400_c000_4001n, rbx: 0xbe04_87d2_f9ea_fe29n }, frame1Rsp);
    });

    it('at 4002: the caller’s %r12 kept in %rbx', () => {
      const frame1Rsp = new Label();
      const stack = new SyntheticStack(START).d64(CALLER.rbx).d64(CALLER.rip).mark(frame1Rsp).repeat(0, 1000);
      expectCaller(stack, { rip: 0x7400_c000_4002n, rbx: CALLER.r12, r12: 0xb011_8de9_18a4_bcean }, frame1Rsp);
    });

    it('at 4003 and 4004: frame space allocated, %r13 saved', () => {
      for (const rip of [0x7400_c000_4003n, 0x7400_c000_4004n]) {
        const frame1Rsp = new Label();
        const stack = new SyntheticStack(START)
          .d64(0x0e02_3828_dffd_4d81n)
          .d64(CALLER.r13)
          .d64(0x319e_68b4_9e3a_ce0fn)
          .d64(CALLER.rbx)
          .d64(CALLER.rip)
          .mark(frame1Rsp)
          .repeat(0, 1000);
        expectCaller(stack, { rip, rbx: CALLER.r12, r12: 0x89d0_4fa8_04c8_7a43n, r13: 0x5118_e02c_bdb2_4b03n }, frame1Rsp);
      }
    });

    it('at 4005: the return address held in %r13', () => {
      const frame1Rsp = new Label();
      const stack = new SyntheticStack(START)
        .d64(0x4b51_6dd0_3574_5953n)
        .d64(CALLER.r13)
        .d64(0xa6d4_45e1_6ae3_d872n)
        .d64(CALLER.rbx)
        .d64(0xaa95_fa05_4aed_fbaen)
        .mark(frame1Rsp)
        .repeat(0, 1000);
      expectCaller(stack, { rip: 0x7400_c000_4005n, rbx: CALLER.r12, r12: 0x46b1_b886_8891_b34an, r13: CALLER.rip }, frame1Rsp);
    });

    it('at 4006: %rbp saved and used as the frame pointer', () => {
      const [frame0Rbp, frame1Rsp] = [new Label(), new Label()];
      const stack = new SyntheticStack(START)
        .d64(0x043c_6dfc_eb91_aa34n)
        .d64(CALLER.r13)
        .d64(CALLER.rbp)
        .mark(frame0Rbp)
        .d64(CALLER.rbx)
        .d64(0xf015_ee51_6ad8_9eabn)
        .mark(frame1Rsp)
        .repeat(0, 1000);
      expectCaller(
        stack,
        { rip: 0x7400_c000_4006n, rbp: frame0Rbp, rbx: CALLER.r12, r12: 0x26e0_07b3_41ac_febdn, r13: CALLER.rip },
        frame1Rsp,
      );
    });

    it('scans past frames without unwind information (JIT code) below a frame found by call frame info', () => {
      const frame1Rsp = new Label();
      const returnAddress = 0x7500_b000_0110n;
      const stack = new SyntheticStack(START).d64(CALLER.rip).mark(frame1Rsp);
      for (const [fill, pointer] of [
        [0, 0x9000_0000_000an],
        [1, 0x9000_0000_00a0n],
        [2, 0x9000_0000_0a00n],
        [3, 0x9000_0000_a000n],
      ] as const) {
        stack.repeat(fill, 256).d64(pointer);
      }
      stack.d64(0x9000_0000_0001n).d64(0x9000_0000_0002n).d64(0x9000_0000_0003n).d64(returnAddress).repeat(0, 1000);
      const frames = walk(stack, { ...CALLER, rsp: START, rip: 0x7400_c000_4000n }, { symbols: { module1: SYMBOLS } });
      expect(frames.map((frame) => frame.trust)).toEqual(['context', 'cfi', 'scan']);
      expect(frames[2]?.registers.get('rip')).toBe(returnAddress);
    });
  });

  it('survives a frame pointer at the very top of the address space', () => {
    const stack = new SyntheticStack(2n ** 64n - 1n - 1000n).repeat(0, 1000);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: 2n ** 64n - 1n, rsp: stack.start });
    expect(frames).toHaveLength(1);
  });

  it('follows a frame pointer that ends just below the top of the address space', () => {
    const [frame0Fp, frame1Sp, frame1Fp] = [new Label(), new Label(), new Label()];
    const returnAddress = 0x7500_b000_0110n;
    const stack = new SyntheticStack(2n ** 64n - 1n - 24n)
      .mark(frame0Fp)
      .d64(frame1Fp)
      .d64(returnAddress)
      .mark(frame1Sp)
      .mark(frame1Fp)
      .d64(0);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: frame0Fp, rsp: stack.start });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('frame-pointer');
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Sp.get());
    expect(frames[1]?.registers.get('rbp')).toBe(frame1Fp.get());
  });

  it('scans a stack that starts at address 0 without recovering a frame pointer from before it', () => {
    const [frame1Sp, frame1Rbp] = [new Label(), new Label()];
    const returnAddress = 0x7500_b000_0100n;
    const stack = new SyntheticStack(0n)
      .d64(returnAddress)
      .mark(frame1Sp)
      .repeat(0, 16)
      .d64(0x7400_b000_0000n)
      .d64(0x7500_d000_0000n)
      .mark(frame1Rbp);
    const frames = walk(stack, { rip: 0x7400_c000_0200n, rbp: frame1Rbp, rsp: 0n });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.registers.get('rsp')).toBe(frame1Sp.get());
    expect(frames[1]?.registers.has('rbp')).toBe(false);
  });
});
