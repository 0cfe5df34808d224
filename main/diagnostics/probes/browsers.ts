import type { BrowsersInfo } from '../../../contract/diagnostics';
import type { ProbeContext } from '../probe-context';
import { findLinuxBrowsers } from './browsers-linux';
import { findMacBrowsers } from './browsers-macos';
import { findWindowsBrowsers } from './browsers-windows';

/** Installed browsers, the default one, and the Chromium inside Electron when there is one. */
export async function probeBrowsers(context: ProbeContext, embeddedChromium: string | undefined): Promise<BrowsersInfo> {
  const found =
    context.platform === 'win32'
      ? await findWindowsBrowsers(context)
      : context.platform === 'darwin'
        ? await findMacBrowsers(context)
        : await findLinuxBrowsers(context);
  const info: BrowsersInfo = { installed: found.installed };
  if (embeddedChromium !== undefined) info.embedded = { name: 'Chromium', version: embeddedChromium };
  if (found.defaultBrowser !== undefined) info.defaultBrowser = found.defaultBrowser;
  return info;
}
