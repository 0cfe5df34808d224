import { z } from 'zod';

/** What one probe yields: its data, or why it has none. A probe never fails the collection. */
function probeResult<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), durationMs: z.number().nonnegative(), cached: z.boolean().optional(), data }),
    z.object({ status: z.literal('unavailable'), durationMs: z.number().nonnegative(), reason: z.string() }),
    z.object({ status: z.literal('timeout'), durationMs: z.number().nonnegative(), reason: z.string() }),
  ]);
}

export const OsInfoSchema = z.object({
  platform: z.string(),
  /** "Ubuntu 24.04.1 LTS", "Windows 11 Pro", "macOS". */
  name: z.string(),
  /** 23H2, 24.04, 14.5 … */
  release: z.string(),
  /** Windows 10.0.22631.3880, macOS 23F79, or the kernel build elsewhere. */
  build: z.string(),
  kernel: z.string(),
  arch: z.string(),
  locale: z.string(),
});

export const GpuSchema = z.object({
  vendor: z.string(),
  model: z.string(),
  driverVersion: z.string().optional(),
  vramMB: z.number().nonnegative().optional(),
});

export const HardwareInfoSchema = z.object({
  cpu: z.object({
    brand: z.string(),
    manufacturer: z.string(),
    cores: z.number().int().nonnegative(),
    physicalCores: z.number().int().nonnegative(),
    speedGHz: z.number().nonnegative(),
  }),
  memory: z.object({ totalBytes: z.number().int().nonnegative() }),
  gpus: z.array(GpuSchema),
  system: z.object({ manufacturer: z.string(), model: z.string(), virtual: z.boolean() }),
  dataVolume: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }).optional(),
});

export const browserNames = ['Chrome', 'Chromium', 'Edge', 'Firefox', 'Firefox ESR', 'Safari', 'Brave', 'Opera', 'Vivaldi'] as const;

export const InstalledBrowserSchema = z.object({
  name: z.enum(browserNames),
  version: z.string(),
  isDefault: z.boolean(),
});

export const BrowsersInfoSchema = z.object({
  /** The Chromium inside Electron, when the report comes from the desktop app. */
  embedded: z.object({ name: z.literal('Chromium'), version: z.string() }).optional(),
  installed: z.array(InstalledBrowserSchema),
  /** What the system names as the default browser, even when it is not one Candor knows. */
  defaultBrowser: z.string().optional(),
});

export const DotnetRuntimeSchema = z.object({ name: z.string(), version: z.string(), root: z.string() });
export const DotnetSdkSchema = z.object({ version: z.string(), root: z.string() });
export const NetFrameworkSchema = z.object({
  version: z.string(),
  release: z.number().int().optional(),
  servicePack: z.number().int().optional(),
});

export const DotnetInfoSchema = z.object({
  /** .NET Framework, from the registry; always empty off Windows. */
  framework: z.array(NetFrameworkSchema),
  runtimes: z.array(DotnetRuntimeSchema),
  sdks: z.array(DotnetSdkSchema),
});

export const AppDiagnosticsSchema = z.object({
  name: z.string(),
  version: z.string(),
  electron: z.string().optional(),
  chrome: z.string().optional(),
  node: z.string(),
  v8: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});

export { probeNames, type ProbeName } from './probe-names';

export const DiagnosticsSnapshotSchema = z.object({
  schema: z.literal('candor.diagnostics/1'),
  collectedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  probes: z
    .object({
      os: probeResult(OsInfoSchema),
      hardware: probeResult(HardwareInfoSchema),
      browsers: probeResult(BrowsersInfoSchema),
      dotnet: probeResult(DotnetInfoSchema),
      app: probeResult(AppDiagnosticsSchema),
    })
    .partial(),
});

export type OsInfo = z.infer<typeof OsInfoSchema>;
export type HardwareInfo = z.infer<typeof HardwareInfoSchema>;
export type Gpu = z.infer<typeof GpuSchema>;
export type BrowserName = (typeof browserNames)[number];
export type InstalledBrowser = z.infer<typeof InstalledBrowserSchema>;
export type BrowsersInfo = z.infer<typeof BrowsersInfoSchema>;
export type DotnetRuntime = z.infer<typeof DotnetRuntimeSchema>;
export type DotnetSdk = z.infer<typeof DotnetSdkSchema>;
export type NetFramework = z.infer<typeof NetFrameworkSchema>;
export type DotnetInfo = z.infer<typeof DotnetInfoSchema>;
export type AppDiagnostics = z.infer<typeof AppDiagnosticsSchema>;
export type DiagnosticsSnapshot = z.infer<typeof DiagnosticsSnapshotSchema>;

export interface ProbeDataMap {
  os: OsInfo;
  hardware: HardwareInfo;
  browsers: BrowsersInfo;
  dotnet: DotnetInfo;
  app: AppDiagnostics;
}

export type ProbeResult<T> =
  | { status: 'ok'; durationMs: number; cached?: boolean | undefined; data: T }
  | { status: 'unavailable'; durationMs: number; reason: string }
  | { status: 'timeout'; durationMs: number; reason: string };
