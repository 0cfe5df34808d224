import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { probeNames, type DiagnosticsSnapshot, type ProbeName } from '../../../contract/diagnostics';
import { candorHome } from '../../paths';
import { collectForCli } from '../collect-for-cli';
import { formatBytes, formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const collectUsage = 'candor collect [--json] [--only os,hardware,browsers,dotnet,app]';

export function parseOnly(value: string | undefined): ProbeName[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(probeNames as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--only takes a comma-separated list of ${probeNames.join(', ')}; got "${value}"`);
  }
  return names as ProbeName[];
}

export async function runCollect(argv: string[], collectorEntry: string): Promise<void> {
  const { values } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' }, only: { type: 'string' } } });
  const only = parseOnly(values.only);
  const snapshot = await collectForCli(candorHome(process.env, process.platform, os.homedir()), collectorEntry, only);
  process.stdout.write(values.json === true ? `${JSON.stringify(snapshot, null, 2)}\n` : `${formatSnapshot(snapshot)}\n`);
}

export function defaultCollectorEntry(): string {
  return fileURLToPath(new URL('./collector.js', import.meta.url));
}

/** The readable view: each probe's status and time, then the facts a support engineer reads first. */
export function formatSnapshot(snapshot: DiagnosticsSnapshot): string {
  const { probes } = snapshot;
  const statusRows = [['Probe', 'Status', 'Time', 'Note']];
  for (const name of probeNames) {
    const result = probes[name];
    if (result === undefined) continue;
    const note = result.status === 'ok' ? (result.cached === true ? 'cached' : '') : result.reason;
    statusRows.push([name, result.status, `${Math.round(result.durationMs)} ms`, note]);
  }

  const facts: string[][] = [];
  if (probes.os?.status === 'ok') {
    const { data } = probes.os;
    facts.push(['Operating system', `${data.name}${data.release ? ` (${data.release})` : ''}, ${data.arch}, locale ${data.locale}`]);
    facts.push(['Kernel / build', `${data.kernel} / ${data.build}`]);
  }
  if (probes.hardware?.status === 'ok') {
    const { data } = probes.hardware;
    facts.push(['CPU', `${data.cpu.manufacturer} ${data.cpu.brand}, ${data.cpu.cores} cores (${data.cpu.physicalCores} physical)`]);
    facts.push(['Memory', formatBytes(data.memory.totalBytes)]);
    facts.push(['GPUs', data.gpus.length === 0 ? 'none found' : data.gpus.map((gpu) => `${gpu.vendor} ${gpu.model}`).join('; ')]);
    facts.push(['System', `${data.system.manufacturer} ${data.system.model}${data.system.virtual ? ' (virtual)' : ''}`.trim()]);
    if (data.dataVolume !== undefined)
      facts.push(['Free space', `${formatBytes(data.dataVolume.freeBytes)} of ${formatBytes(data.dataVolume.totalBytes)}`]);
  }
  if (probes.browsers?.status === 'ok') {
    const { data } = probes.browsers;
    const installed = data.installed.map((browser) => `${browser.name} ${browser.version}${browser.isDefault ? ' (default)' : ''}`);
    facts.push(['Browsers', installed.length === 0 ? 'none found' : installed.join(', ')]);
    if (data.embedded !== undefined) facts.push(['Embedded', `${data.embedded.name} ${data.embedded.version}`]);
    if (data.defaultBrowser !== undefined) facts.push(['Default browser', data.defaultBrowser]);
  }
  if (probes.dotnet?.status === 'ok') {
    const { data } = probes.dotnet;
    const parts = [
      ...data.framework.map((framework) => `.NET Framework ${framework.version}`),
      ...data.runtimes.map((runtime) => `${runtime.name} ${runtime.version}`),
      ...data.sdks.map((sdk) => `SDK ${sdk.version}`),
    ];
    facts.push(['.NET', parts.length === 0 ? 'not installed' : parts.join(', ')]);
  }
  if (probes.app?.status === 'ok') {
    const { data } = probes.app;
    facts.push(['App', `${data.name} ${data.version}, Node ${data.node}${data.electron ? `, Electron ${data.electron}` : ''}`]);
  }
  return `${formatTable(statusRows)}\n\n${formatTable(facts)}\n\nCollected in ${snapshot.durationMs} ms.`;
}
