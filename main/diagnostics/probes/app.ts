import type { AppDiagnostics } from '../../../contract/diagnostics';

export interface AppFacts {
  name: string;
  version: string;
  versions: { node: string; v8: string; electron?: string | undefined; chrome?: string | undefined };
  /** When the app (not the collector process) started, in ms since the epoch. */
  startedAtMs: number;
}

export function probeApp(facts: AppFacts, nowMs: number): AppDiagnostics {
  const info: AppDiagnostics = {
    name: facts.name,
    version: facts.version,
    node: facts.versions.node,
    v8: facts.versions.v8,
    uptimeSeconds: Math.max(0, Math.round((nowMs - facts.startedAtMs) / 1000)),
  };
  if (facts.versions.electron !== undefined) info.electron = facts.versions.electron;
  if (facts.versions.chrome !== undefined) info.chrome = facts.versions.chrome;
  return info;
}
