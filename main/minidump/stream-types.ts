/** Stream types of the minidump format, Breakpad's and Crashpad's extensions included. */
export const STREAM_TYPE = {
  Unused: 0,
  ThreadList: 3,
  ModuleList: 4,
  MemoryList: 5,
  Exception: 6,
  SystemInfo: 7,
  ThreadExList: 8,
  Memory64List: 9,
  CommentA: 10,
  CommentW: 11,
  HandleData: 12,
  FunctionTable: 13,
  UnloadedModuleList: 14,
  MiscInfo: 15,
  MemoryInfoList: 16,
  ThreadInfoList: 17,
  HandleOperationList: 18,
  Token: 19,
  SystemMemoryInfo: 21,
  ProcessVmCounters: 22,
  ThreadNames: 24,
  BreakpadInfo: 0x47670001,
  AssertionInfo: 0x47670002,
  LinuxCpuInfo: 0x47670003,
  LinuxProcStatus: 0x47670004,
  LinuxLsbRelease: 0x47670005,
  LinuxCmdLine: 0x47670006,
  LinuxEnviron: 0x47670007,
  LinuxAuxv: 0x47670008,
  LinuxMaps: 0x47670009,
  LinuxDsoDebug: 0x4767000a,
  CrashpadInfo: 0x43500001,
  MozMacosCrashInfo: 0x4d7a0001,
  MozMacosBootargs: 0x4d7a0002,
  MozLinuxLimits: 0x4d7a0003,
  MozSoftErrors: 0x4d7a0004,
} as const;

const NAMES = new Map<number, string>(Object.entries(STREAM_TYPE).map(([name, type]) => [type, name]));

export function streamTypeName(type: number): string {
  return NAMES.get(type) ?? `0x${type.toString(16)}`;
}

/** MINIDUMP_SYSTEM_INFO.PlatformId, with Breakpad's values for non-Windows systems. */
export const PLATFORMS: Readonly<Record<number, string>> = {
  0: 'Windows 3.1',
  1: 'Windows 9x',
  2: 'Windows NT',
  3: 'Windows CE',
  0x8000: 'Unix',
  0x8101: 'macOS',
  0x8102: 'iOS',
  0x8201: 'Linux',
  0x8202: 'Solaris',
  0x8203: 'Android',
  0x8204: 'PS3',
  0x8205: 'Native Client',
  0x8206: 'Fuchsia',
};

/** MINIDUMP_SYSTEM_INFO.ProcessorArchitecture, with Breakpad's extensions. */
export const CPU_ARCHITECTURES: Readonly<Record<number, string>> = {
  0: 'x86',
  1: 'mips',
  2: 'alpha',
  3: 'ppc',
  4: 'shx',
  5: 'arm',
  6: 'ia64',
  7: 'alpha64',
  8: 'msil',
  9: 'amd64',
  10: 'x86-on-win64',
  12: 'arm64',
  0x8001: 'sparc',
  0x8002: 'ppc64',
  0x8003: 'arm64',
  0x8004: 'mips64',
  0x8005: 'riscv',
  0x8006: 'riscv64',
};
