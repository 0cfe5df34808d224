import type { DiagnosticsSnapshot, ProbeName } from '../../../contract/diagnostics';
import type { I18n } from '../../i18n/i18n';

/** One line per probe, in words a user can read: what a report would say about this computer. */
export function summariseProbe(snapshot: DiagnosticsSnapshot, name: ProbeName, { t, bytes }: I18n): string | undefined {
  const result = snapshot.probes[name];
  if (result === undefined) return undefined;
  // A probe's failure is in its program's own words (a command and its exit code); a timeout is worded here.
  if (result.status === 'timeout') return t('probeSummary.noAnswer', { seconds: Math.round(result.durationMs / 100) / 10 });
  if (result.status !== 'ok') return result.reason;
  switch (name) {
    case 'os': {
      const os = snapshot.probes.os;
      return os?.status === 'ok' ? `${os.data.name}${os.data.release ? ` ${os.data.release}` : ''} (${os.data.arch})` : undefined;
    }
    case 'hardware': {
      const hardware = snapshot.probes.hardware;
      if (hardware?.status !== 'ok') return undefined;
      return t('probeSummary.cpu', {
        brand: hardware.data.cpu.brand,
        cores: hardware.data.cpu.cores,
        memory: bytes(hardware.data.memory.totalBytes),
      });
    }
    case 'browsers': {
      const browsers = snapshot.probes.browsers;
      if (browsers?.status !== 'ok') return undefined;
      const installed = browsers.data.installed.map((browser) =>
        t(browser.isDefault ? 'probeSummary.defaultBrowser' : 'probeSummary.browser', { name: browser.name, version: browser.version }),
      );
      return installed.length === 0 ? t('probeSummary.noBrowsers') : installed.join(', ');
    }
    case 'dotnet': {
      const dotnet = snapshot.probes.dotnet;
      if (dotnet?.status !== 'ok') return undefined;
      const count = dotnet.data.framework.length + dotnet.data.runtimes.length + dotnet.data.sdks.length;
      return count === 0
        ? t('probeSummary.noDotnet')
        : t('probeSummary.dotnet', {
            runtimes: dotnet.data.runtimes.length,
            sdks: dotnet.data.sdks.length,
            frameworks: dotnet.data.framework.length,
          });
    }
    case 'app': {
      const app = snapshot.probes.app;
      return app?.status === 'ok' ? `${app.data.name} ${app.data.version}` : undefined;
    }
  }
}
