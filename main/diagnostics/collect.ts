import os from 'node:os';
import type { DiagnosticsSnapshot, ProbeDataMap, ProbeResult } from '../../contract/diagnostics';
import { probeNames, type ProbeName } from '../../contract/probe-names';
import type { CollectRequest } from './collect-request';
import type { ProbeContext } from './probe-context';
import { probeApp } from './probes/app';
import { probeBrowsers } from './probes/browsers';
import { probeDotnet } from './probes/dotnet';
import { probeHardware } from './probes/hardware';
import { probeOs } from './probes/os';
import { runProbe } from './run-probe';
import type { StaticCacheKey, StaticFacts } from './static-cache';

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

  // The cache (and the schemas that check it) loads while the uncached probes already run.
  const cacheLoad = request.cacheFile === undefined ? undefined : openStaticCache(request.cacheFile, request.app.version);

  const run = async <K extends ProbeName>(name: K): Promise<ProbeResult<ProbeDataMap[K]>> => {
    if (cacheLoad !== undefined && (CACHED_PROBES as readonly ProbeName[]).includes(name)) {
      const fromCache = ((await cacheLoad).facts as Partial<Record<ProbeName, ProbeDataMap[K]>>)[name];
      if (fromCache !== undefined) return { status: 'ok', durationMs: 0, cached: true, data: fromCache };
    }
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

  if (cacheLoad !== undefined) {
    const cache = await cacheLoad;
    const fresh: StaticFacts = { ...cache.facts };
    let changed = false;
    for (const name of CACHED_PROBES) {
      const result = snapshot.probes[name];
      if (result?.status === 'ok' && result.cached !== true) {
        Object.assign(fresh, { [name]: result.data });
        changed = true;
      }
    }
    if (changed) await cache.save(fresh);
  }
  return snapshot;
}

async function openStaticCache(
  file: string,
  appVersion: string,
): Promise<{ facts: StaticFacts; save: (facts: StaticFacts) => Promise<void> }> {
  const { currentBootId, readStaticCache, writeStaticCache } = await import('./static-cache');
  const key: StaticCacheKey = { bootId: await currentBootId(), appVersion, platform: process.platform };
  return {
    facts: await readStaticCache(file, key, Date.now()),
    save: (facts) => writeStaticCache(file, key, facts, Date.now()),
  };
}
