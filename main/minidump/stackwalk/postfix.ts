import type { Registers } from './cpu-context';

/**
 * The postfix programs of Breakpad symbol files (docs/symbol_files.md): `STACK CFI` rules
 * (`REG: EXPR ...`, later lines overriding earlier ones) and `STACK WIN` frame-data programs
 * (assignments to `$T0`, `$eip`, ...). Arithmetic wraps at the pointer width. Every program is
 * read once, token by token, with a bounded value stack, so a hostile rule costs its length.
 */

/** Deeper than any rule a compiler writes; a program that needs more is refused. */
const MAX_STACK_DEPTH = 64;
/**
 * Real rules for one address run to a few hundred characters. A longer program is refused, so a
 * crafted symbol file cannot make each of a walk's frames evaluate megabytes.
 */
export const MAX_PROGRAM_CHARS = 64 * 1024;

export interface PostfixMachine {
  widthBytes: 4 | 8;
  /** The callee's register, by the name the rule uses (without `$`), or undefined if unknown. */
  register(name: string): bigint | undefined;
  /** A pointer-sized read of stack memory, or undefined outside it. */
  read(address: bigint): bigint | undefined;
}

function mask(widthBytes: 4 | 8): bigint {
  return widthBytes === 4 ? 0xffff_ffffn : 0xffff_ffff_ffff_ffffn;
}

const NUMBER = /^-?[0-9]{1,20}$/;
const REGISTER = /^\$?[A-Za-z_][A-Za-z0-9_]*$/;

/** Applies a binary operator; undefined for division by zero or a bad alignment. */
function binary(operator: string, lhs: bigint, rhs: bigint, bits: bigint): bigint | undefined {
  switch (operator) {
    case '+':
      return (lhs + rhs) & bits;
    case '-':
      return (lhs - rhs) & bits;
    case '*':
      return (lhs * rhs) & bits;
    case '/':
      return rhs === 0n ? undefined : lhs / rhs;
    case '%':
      return rhs === 0n ? undefined : lhs % rhs;
    case '@':
      // Align down to a power of two.
      return rhs === 0n || (rhs & (rhs - 1n)) !== 0n ? undefined : lhs & (bits ^ (rhs - 1n));
    default:
      return undefined;
  }
}

const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '%', '@']);

/** One CFI expression: its value, or undefined if it cannot be computed here. */
export function evaluateCfiExpression(expression: string, machine: PostfixMachine, cfa: bigint | undefined): bigint | undefined {
  const bits = mask(machine.widthBytes);
  const stack: bigint[] = [];
  for (const token of expression.split(/\s+/)) {
    if (token === '') continue;
    if (BINARY_OPERATORS.has(token)) {
      const rhs = stack.pop();
      const lhs = stack.pop();
      if (lhs === undefined || rhs === undefined) return undefined;
      const value = binary(token, lhs, rhs, bits);
      if (value === undefined) return undefined;
      stack.push(value);
    } else if (token === '^') {
      const address = stack.pop();
      const value = address === undefined ? undefined : machine.read(address);
      if (value === undefined) return undefined;
      stack.push(value);
    } else if (token === '.cfa') {
      if (cfa === undefined) return undefined;
      stack.push(cfa);
    } else if (token === '.undef') {
      return undefined;
    } else if (NUMBER.test(token)) {
      stack.push(BigInt.asUintN(64, BigInt(token)) & bits);
    } else if (REGISTER.test(token)) {
      const value = machine.register(token.replace(/^\$/, ''));
      if (value === undefined) return undefined;
      stack.push(value);
    } else {
      return undefined;
    }
    if (stack.length > MAX_STACK_DEPTH) return undefined;
  }
  return stack.length === 1 ? stack[0] : undefined;
}

/** `REG: EXPR` pairs of the INIT line and each later line in order; a register named again takes the later rule. */
export function cfiRules(lines: readonly string[]): Map<string, string> | undefined {
  const rules = new Map<string, string>();
  for (const line of lines) {
    let register: string | undefined;
    let expression: string[] = [];
    for (const token of line.split(/\s+/)) {
      if (token === '') continue;
      if (token.endsWith(':')) {
        if (register !== undefined) {
          if (expression.length === 0) return undefined;
          rules.set(register, expression.join(' '));
        }
        const name = token.slice(0, -1);
        if (name !== '.cfa' && name !== '.ra' && !REGISTER.test(name)) return undefined;
        register = name.replace(/^\$/, '');
        expression = [];
      } else {
        if (register === undefined) return undefined;
        expression.push(token);
      }
    }
    if (register === undefined || expression.length === 0) return undefined;
    rules.set(register, expression.join(' '));
  }
  return rules;
}

export interface CfiOutcome {
  cfa: bigint;
  returnAddress: bigint;
  /** Other registers of the caller the rules recover. */
  registers: Registers;
}

/** Evaluates a function's CFI rules at an address: the caller's CFA (its stack pointer), return address and saved registers. */
export function evaluateCfi(lines: readonly string[], machine: PostfixMachine): CfiOutcome | undefined {
  if (lines.reduce((total, line) => total + line.length, 0) > MAX_PROGRAM_CHARS) return undefined;
  const rules = cfiRules(lines);
  const cfaRule = rules?.get('.cfa');
  const raRule = rules?.get('.ra');
  if (rules === undefined || cfaRule === undefined || raRule === undefined) return undefined;
  const cfa = evaluateCfiExpression(cfaRule, machine, undefined);
  if (cfa === undefined) return undefined;
  const returnAddress = evaluateCfiExpression(raRule, machine, cfa);
  if (returnAddress === undefined) return undefined;
  const registers: Registers = new Map();
  for (const [register, rule] of rules) {
    if (register === '.cfa' || register === '.ra') continue;
    // A register that cannot be recovered is only unknown in the caller; the walk goes on.
    const value = evaluateCfiExpression(rule, machine, cfa);
    if (value !== undefined) registers.set(register, value);
  }
  return { cfa, returnAddress, registers };
}

type WinValue = { kind: 'variable'; name: string } | { kind: 'number'; value: bigint } | { kind: 'undefined' };

/**
 * A `STACK WIN 4` program over 32-bit values: variables (`$T0`, `$eip`, `.cbParams`, ...) start
 * from `initial` and the program assigns them with `=`. Returns the variables afterwards.
 */
export function evaluateWinProgram(
  program: string,
  initial: ReadonlyMap<string, bigint>,
  read: (address: bigint) => bigint | undefined,
): Map<string, bigint> | undefined {
  if (program.length > MAX_PROGRAM_CHARS) return undefined;
  const bits = 0xffff_ffffn;
  const variables = new Map(initial);
  const stack: WinValue[] = [];
  const number = (value: WinValue | undefined): bigint | undefined => {
    if (value === undefined || value.kind === 'undefined') return undefined;
    return value.kind === 'number' ? value.value : variables.get(value.name);
  };
  for (const token of program.split(/\s+/)) {
    if (token === '') continue;
    if (BINARY_OPERATORS.has(token)) {
      const rhs = number(stack.pop());
      const lhs = number(stack.pop());
      if (lhs === undefined || rhs === undefined) return undefined;
      const value = binary(token, lhs, rhs, bits);
      if (value === undefined) return undefined;
      stack.push({ kind: 'number', value });
    } else if (token === '=') {
      const rhs = stack.pop();
      const lhs = stack.pop();
      if (rhs === undefined || lhs?.kind !== 'variable') return undefined;
      if (rhs.kind === 'undefined') {
        variables.delete(lhs.name);
      } else {
        const value = number(rhs);
        if (value === undefined) return undefined;
        variables.set(lhs.name, value);
      }
    } else if (token === '^') {
      const address = number(stack.pop());
      const value = address === undefined ? undefined : read(address);
      if (value === undefined) return undefined;
      stack.push({ kind: 'number', value: value & bits });
    } else if (token === '.undef') {
      stack.push({ kind: 'undefined' });
    } else if (token.startsWith('$') || token.startsWith('.')) {
      stack.push({ kind: 'variable', name: token });
    } else if (NUMBER.test(token)) {
      stack.push({ kind: 'number', value: BigInt.asUintN(32, BigInt(token)) });
    } else {
      return undefined;
    }
    if (stack.length > MAX_STACK_DEPTH) return undefined;
  }
  return variables;
}
