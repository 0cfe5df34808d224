/**
 * One name per kind of process. Chromium names them differently in different places: Electron's
 * gone events say `GPU` and `Utility`, Crashpad's `process_type` annotation says `gpu-process`,
 * `renderer`, `utility` and, for the main process, nothing or `browser`. A gone event and the dump
 * Crashpad writes for it are joined on this name, so both must give the same one.
 */
export function processTypeName(chromiumName: string): string {
  const name = chromiumName.toLowerCase();
  if (name === 'gpu-process') return 'gpu';
  if (name === 'browser') return 'main';
  return name;
}
