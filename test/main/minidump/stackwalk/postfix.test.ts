import { describe, expect, it } from 'vitest';
import {
  cfiRules,
  evaluateCfi,
  evaluateCfiExpression,
  evaluateWinProgram,
  MAX_PROGRAM_CHARS,
  type PostfixMachine,
} from '../../../../main/minidump/stackwalk/postfix';

function machine(registers: Record<string, bigint>, memory: Record<string, bigint> = {}, widthBytes: 4 | 8 = 8): PostfixMachine {
  return { widthBytes, register: (name) => registers[name], read: (address) => memory[address.toString(16)] };
}

describe('postfix programs of symbol files', () => {
  it('evaluates CFI expressions: registers, constants, operators, dereference, the CFA', () => {
    const m = machine({ rsp: 0x1000n }, { ff8: 0xabcdn });
    expect(evaluateCfiExpression('$rsp 8 +', m, undefined)).toBe(0x1008n);
    expect(evaluateCfiExpression('.cfa -8 + ^', m, 0x1000n)).toBe(0xabcdn);
    expect(evaluateCfiExpression('$rsp 16 @', m, undefined)).toBe(0x1000n);
    expect(evaluateCfiExpression('$rsp 0 -', m, undefined)).toBe(0x1000n);
    // Wraps at the pointer width.
    expect(evaluateCfiExpression('0 1 -', m, undefined)).toBe(0xffff_ffff_ffff_ffffn);
    expect(evaluateCfiExpression('0 1 -', machine({}, {}, 4), undefined)).toBe(0xffff_ffffn);
  });

  it('refuses what cannot be computed: unknown registers, memory outside the stack, division by zero, bad alignment, leftovers', () => {
    const m = machine({ rsp: 0x1000n });
    for (const expression of ['$rbx', '$rsp ^', '1 0 /', '1 0 %', '8 3 @', '1 2', '+', '.undef', '.cfa', 'bogus!']) {
      expect(evaluateCfiExpression(expression, m, undefined), expression).toBeUndefined();
    }
    expect(evaluateCfiExpression(`${'1 '.repeat(100)}${'+ '.repeat(99)}`, m, undefined)).toBeUndefined();
  });

  it('reads REG: EXPR rules, later lines overriding earlier ones, with or without $', () => {
    expect(cfiRules(['.cfa: $rsp 8 + .ra: .cfa -8 + ^', '.cfa: $rsp 16 + $rbx: .cfa -16 + ^', 'x29: .cfa -16 + ^'])).toEqual(
      new Map([
        ['.cfa', '$rsp 16 +'],
        ['.ra', '.cfa -8 + ^'],
        ['rbx', '.cfa -16 + ^'],
        ['x29', '.cfa -16 + ^'],
      ]),
    );
    expect(cfiRules(['$rsp 8 +'])).toBeUndefined();
    expect(cfiRules(['.cfa: .ra: 1'])).toBeUndefined();
  });

  it('refuses a rule set longer than any compiler writes', () => {
    const m = machine({ rsp: 0x1000n }, { '1000': 1n });
    const padding = ' $rbx: 0'.repeat(MAX_PROGRAM_CHARS / 8);
    expect(evaluateCfi(['.cfa: $rsp 8 + .ra: .cfa -8 + ^'], m)).toMatchObject({ cfa: 0x1008n });
    expect(evaluateCfi([`.cfa: $rsp 8 + .ra: .cfa -8 + ^${padding}`], m)).toBeUndefined();
  });

  it('runs STACK WIN programs with assignments and .undef', () => {
    const variables = evaluateWinProgram(
      '$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $ebx .undef =',
      new Map([
        ['$ebp', 16n],
        ['$esp', 1600n],
        ['$ebx', 7n],
      ]),
      (address) => (address === 20n ? 0x4000n : address === 16n ? 0x99n : undefined),
    );
    expect(Object.fromEntries(variables ?? [])).toEqual({ $T0: 16n, $eip: 0x4000n, $ebp: 0x99n, $esp: 24n });
    expect(evaluateWinProgram('$eip $T9 =', new Map(), () => undefined)).toBeUndefined();
    expect(evaluateWinProgram('5 $eip =', new Map(), () => undefined)).toBeUndefined();
  });
});
