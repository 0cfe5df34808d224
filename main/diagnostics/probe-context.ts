/** What a probe may look at: injected so tests can point it at folders they made. */
export interface ProbeContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** Candor's data folder; the hardware probe reports the free space on its volume. */
  dataDir: string;
  signal: AbortSignal;
  /** Limit for each command a probe runs. */
  commandTimeoutMs: number;
}

/** Compares dotted versions numerically ("120.0.10" > "120.0.9"); a prerelease sorts below its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string): number[] => version.split(/[.+-]/).map((part) => Number.parseInt(part, 10) || 0);
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Options for `runCommand` under a probe: its abort signal, its limit, its environment in the C locale. */
export function commandOptions(context: ProbeContext): { signal: AbortSignal; timeoutMs: number; env: NodeJS.ProcessEnv } {
  return { signal: context.signal, timeoutMs: context.commandTimeoutMs, env: { ...context.env, LC_ALL: 'C' } };
}
