import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DotnetInfoSchema, HardwareInfoSchema, type DotnetInfo, type HardwareInfo } from '../../contract/diagnostics';

/** A week: long enough to spare repeated crashes, short enough that a stale answer fades. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Hardware and installed .NET do not change between two crashes of one boot. The cache is keyed
 * by the boot (a reboot follows most hardware and runtime changes), the app version and the
 * platform, and expires after a week.
 */
export interface StaticCacheKey {
  bootId: string;
  appVersion: string;
  platform: string;
}

const CacheFileSchema = z.object({
  schema: z.literal('candor.diagnostics-cache/1'),
  key: z.object({ bootId: z.string(), appVersion: z.string(), platform: z.string() }),
  savedAtMs: z.number(),
  hardware: HardwareInfoSchema.optional(),
  dotnet: DotnetInfoSchema.optional(),
});

export interface StaticFacts {
  hardware?: HardwareInfo | undefined;
  dotnet?: DotnetInfo | undefined;
}

export async function currentBootId(): Promise<string> {
  try {
    return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  } catch {
    // Elsewhere the boot time, to the minute, names the boot.
    return `boot-${Math.round((Date.now() / 1000 - os.uptime()) / 60)}`;
  }
}

export async function readStaticCache(file: string, key: StaticCacheKey, nowMs: number): Promise<StaticFacts> {
  let parsed: z.infer<typeof CacheFileSchema>;
  try {
    parsed = CacheFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return {};
  }
  const sameKey = parsed.key.bootId === key.bootId && parsed.key.appVersion === key.appVersion && parsed.key.platform === key.platform;
  if (!sameKey || nowMs - parsed.savedAtMs > MAX_AGE_MS || parsed.savedAtMs > nowMs) return {};
  return { hardware: parsed.hardware, dotnet: parsed.dotnet };
}

/** Best effort: a cache that cannot be written only costs the next collection time. */
export async function writeStaticCache(file: string, key: StaticCacheKey, facts: StaticFacts, nowMs: number): Promise<void> {
  const body = JSON.stringify({ schema: 'candor.diagnostics-cache/1', key, savedAtMs: nowMs, ...facts });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(temporary, body, { mode: 0o600 });
    await rename(temporary, file);
  } catch {
    // Caching is an optimisation; the snapshot is complete without it.
  }
}
