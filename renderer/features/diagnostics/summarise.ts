import type { DiagnosticsSnapshot, ProbeName } from '../../../contract/diagnostics';

/** One line per probe, in words a user can read: what a report would say about this computer. */
export function summariseProbe(snapshot: DiagnosticsSnapshot, name: ProbeName): string | undefined {
  const result = snapshot.probes[name];
  if (result === undefined) return undefined;
  if (result.status !== 'ok') return result.reason;
  switch (name) {
    case 'os': {
      const os = snapshot.probes.os;
      return os?.status === 'ok' ? `${os.data.name}${os.data.release ? ` ${os.data.release}` : ''} (${os.data.arch})` : undefined;
    }
    case 'hardware': {
      const hardware = snapshot.probes.hardware;
      if (hardware?.status !== 'ok') return undefined;
      const gib = hardware.data.memory.totalBytes / 1024 ** 3;
      return `${hardware.data.cpu.brand}, ${hardware.data.cpu.cores} cores, ${gib.toFixed(1)} GiB memory`;
    }
    case 'browsers': {
      const browsers = snapshot.probes.browsers;
      if (browsers?.status !== 'ok') return undefined;
      const installed = browsers.data.installed.map(
        (browser) => `${browser.name} ${browser.version}${browser.isDefault ? ' (default)' : ''}`,
      );
      return installed.length === 0 ? 'none found' : installed.join(', ');
    }
    case 'dotnet': {
      const dotnet = snapshot.probes.dotnet;
      if (dotnet?.status !== 'ok') return undefined;
      const count = dotnet.data.framework.length + dotnet.data.runtimes.length + dotnet.data.sdks.length;
      return count === 0
        ? 'not installed'
        : `${dotnet.data.runtimes.length} runtimes, ${dotnet.data.sdks.length} SDKs, ${dotnet.data.framework.length} .NET Framework`;
    }
    case 'app': {
      const app = snapshot.probes.app;
      return app?.status === 'ok' ? `${app.data.name} ${app.data.version}` : undefined;
    }
  }
}
