import type { AppInfo } from '../contract/app-info';

export interface AppInfoInputs {
  name: string;
  version: string;
  transport: AppInfo['transport'];
  /**
   * `process.versions` of the process that runs the services. Electron's typings claim
   * `electron` and `chrome` always exist; outside Electron they do not.
   */
  versions: { node: string; v8: string; electron?: string | undefined; chrome?: string | undefined };
  platform: NodeJS.Platform;
  arch: string;
  preferredLanguages?: readonly string[] | undefined;
}

export function readAppInfo(inputs: AppInfoInputs): AppInfo {
  const { versions } = inputs;
  return {
    name: inputs.name,
    version: inputs.version,
    platform: inputs.platform,
    arch: inputs.arch,
    runtime: {
      node: versions.node,
      v8: versions.v8,
      ...(versions.electron === undefined ? {} : { electron: versions.electron }),
      ...(versions.chrome === undefined ? {} : { chrome: versions.chrome }),
    },
    transport: inputs.transport,
    ...(inputs.preferredLanguages === undefined ? {} : { preferredLanguages: inputs.preferredLanguages.slice(0, 32) }),
  };
}
