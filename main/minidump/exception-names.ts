const WINDOWS: Readonly<Record<number, string>> = {
  0x40000015: 'STATUS_FATAL_APP_EXIT',
  0x80000003: 'EXCEPTION_BREAKPOINT',
  0x80000004: 'EXCEPTION_SINGLE_STEP',
  0xc0000005: 'EXCEPTION_ACCESS_VIOLATION',
  0xc0000006: 'EXCEPTION_IN_PAGE_ERROR',
  0xc0000008: 'EXCEPTION_INVALID_HANDLE',
  0xc000000d: 'STATUS_INVALID_PARAMETER',
  0xc0000017: 'STATUS_NO_MEMORY',
  0xc000001d: 'EXCEPTION_ILLEGAL_INSTRUCTION',
  0xc0000025: 'EXCEPTION_NONCONTINUABLE_EXCEPTION',
  0xc000008c: 'EXCEPTION_ARRAY_BOUNDS_EXCEEDED',
  0xc000008e: 'EXCEPTION_FLT_DIVIDE_BY_ZERO',
  0xc0000094: 'EXCEPTION_INT_DIVIDE_BY_ZERO',
  0xc0000095: 'EXCEPTION_INT_OVERFLOW',
  0xc0000096: 'EXCEPTION_PRIV_INSTRUCTION',
  0xc00000fd: 'EXCEPTION_STACK_OVERFLOW',
  0xc0000374: 'STATUS_HEAP_CORRUPTION',
  0xc0000409: 'STATUS_STACK_BUFFER_OVERRUN',
  0xc0000420: 'STATUS_ASSERTION_FAILURE',
  0xc0000602: 'STATUS_FAIL_FAST_EXCEPTION',
  0xe06d7363: 'Unhandled C++ exception',
};

const POSIX_SIGNALS: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
  31: 'SIGSYS',
  0xffffffff: 'DUMP_REQUESTED',
};

const MACH: Readonly<Record<number, string>> = {
  1: 'EXC_BAD_ACCESS',
  2: 'EXC_BAD_INSTRUCTION',
  3: 'EXC_ARITHMETIC',
  4: 'EXC_EMULATION',
  5: 'EXC_SOFTWARE',
  6: 'EXC_BREAKPOINT',
  7: 'EXC_SYSCALL',
  8: 'EXC_MACH_SYSCALL',
  9: 'EXC_RPC_ALERT',
  10: 'EXC_CRASH',
  11: 'EXC_RESOURCE',
  12: 'EXC_GUARD',
  13: 'EXC_CORPSE_NOTIFY',
  // Crashpad's own codes ('CPsx', 'CPnx' as four-character constants).
  0x43507378: 'Simulated exception (Crashpad)',
  0x43506e78: 'Uncaught NSException (Crashpad)',
};

/** A human name for an exception code, read the way the dump's platform means it. */
export function exceptionName(platform: string | undefined, code: number): string | undefined {
  if (platform === undefined || platform.startsWith('Windows')) return WINDOWS[code];
  if (platform === 'macOS' || platform === 'iOS') return MACH[code];
  return POSIX_SIGNALS[code];
}
