import os from 'node:os';
import {
  probeNames,
  type DiagnosticsSnapshot,
  type ProbeDataMap,
  type ProbeName,
  type ProbeResult,
} from '../../contract/diagnostics';
import type { CollectRequest } from './collect-request';
import type { ProbeContext } from './probe-context';
import { probeApp } from './probes/app';
import { probeBrowsers } from './probes/browsers';
import { probeDotnet } from './probes/dotnet';
import { probeHardware } from './probes/hardware';
import { probeOs } from './probes/os';
import { runProbe } from './run-probe';
import { currentBootId, readStaticCache, writeStaticCache, type StaticCacheKey, type StaticFacts } from './static-cache';

/** Each probe's own limit; the request's deadline lowers them further. */
export const PROBE_TIMEOUTS_MS: Readonly<Record<ProbeName, number>> = {
  os: 3_000,
  hardware: 5_000,
  browsers: 5_000,
  dotnet: 5_000,
  app: 1_000,
};

/** A single command inside a probe gets at most this long. */
const COMMAND_TIMEOUT_MS = 3_000;

export type ProbeImplementations = {
  [K in ProbeName]: (context: ProbeContext, request: CollectRequest) => Promise<ProbeDataMap[K]>;
};

export const defaultProbes: ProbeImplementations = {
  os: (context) => probeOs(context),
  hardware: (context) => probeHardware(context),
  browsers: (context, request) => probeBrowsers(context, request.app.versions.chrome),
  dotnet: (context) => probeDotnet(context),
  app: (_context, request) => Promise.resolve(probeApp(request.app, Date.now())),
};

export interface CollectEnvironment {
  probes?: Partial<ProbeImplementations>;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

const CACHED_PROBES = ['hardware', 'dotnet'] as const satisfies readonly ProbeName[];

/**
 * Runs the requested probes concurrently, each under its own limit, and never fails: a probe
 * that throws or overruns is reported as such. Hardware and .NET come from the cache when it
 * holds this boot's answer.
 */
export async function collectDiagnostics(request: CollectRequest, environment: CollectEnvironment = {}): Promise<DiagnosticsSnapshot> {
  const started = performance.now();
  const collectedAt = new Date().toISOString();
  const wanted = request.only ?? [...probeNames];
  const probes = { ...defaultProbes, ...environment.probes };

  const cacheKey: StaticCacheKey | undefined =
    request.cacheFile === undefined
      ? undefined
      : { bootId: await currentBootId(), appVersion: request.app.version, platform: process.platform };
  const cached: StaticFacts =
    request.cacheFile !== undefined && cacheKey !== undefined ? await readStaticCache(request.cacheFile, cacheKey, Date.now()) : {};

  const run = async <K extends ProbeName>(name: K): Promise<ProbeResult<ProbeDataMap[K]>> => {
    const fromCache = (cached as Partial<Record<ProbeName, ProbeDataMap[K]>>)[name];
    if (fromCache !== undefined) return { status: 'ok', durationMs: 0, cached: true, data: fromCache };
    const timeoutMs = Math.min(PROBE_TIMEOUTS_MS[name], request.deadlineMs);
    const probe = probes[name] as (context: ProbeContext, request: CollectRequest) => Promise<ProbeDataMap[K]>;
    return runProbe(
      (signal) =>
        probe(
          {
            platform: environment.platform ?? process.platform,
            env: environment.env ?? process.env,
            homeDir: environment.homeDir ?? os.homedir(),
            dataDir: request.dataDir,
            signal,
            commandTimeoutMs: Math.min(COMMAND_TIMEOUT_MS, timeoutMs),
          },
          request,
        ),
      timeoutMs,
    );
  };

  const results = await Promise.all(wanted.map(async (name) => [name, await run(name)] as const));
  const snapshot: DiagnosticsSnapshot = {
    schema: 'candor.diagnostics/1',
    collectedAt,
    durationMs: Math.round(performance.now() - started),
    probes: Object.fromEntries(results),
  };

  if (request.cacheFile !== undefined && cacheKey !== undefined) {
    const fresh: StaticFacts = { ...cached };
    let changed = false;
    for (const name of CACHED_PROBES) {
      const result = snapshot.probes[name];
      if (result?.status === 'ok' && result.cached !== true) {
        Object.assign(fresh, { [name]: result.data });
        changed = true;
      }
    }
    if (changed) await writeStaticCache(request.cacheFile, cacheKey, fresh, Date.now());
  }
  return snapshot;
}
