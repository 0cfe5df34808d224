import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DestinationError,
  destinationFromEnvironment,
  Destinations,
  readVendorConfig,
  SETTINGS_FILE,
  vendorConfigPath,
  type PartialDestination,
} from '../destination/destinations';
import { loadPrivacyPolicy, PrivacyPolicyError } from '../privacy/privacy-policy';
import type { PrivacyPolicy } from '../../contract/privacy-policy';
import { UsageError } from './usage-error';

/** The options every command that sends takes: `--endpoint URL --key KEY --protocol P`. */
export const destinationOptions = {
  endpoint: { type: 'string' },
  key: { type: 'string' },
  protocol: { type: 'string' },
} as const;

export const destinationUsage = '[--endpoint URL] [--key KEY] [--protocol candor|breakpad|sentry]';

/**
 * The Node programs' resources folder, where a vendor puts `candor-vendor.json`: the package's
 * root, the nearest folder above this module that holds package.json (the build puts shared code
 * in out/node/assets/, so no fixed number of folders up is right everywhere).
 */
export function packageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
  return folder;
}

/**
 * The destination sources for a command-line program: its options, the environment, the vendor's
 * file and the user's Settings in `home`. A bad value in any of them is a usage error naming it;
 * options that a vendor's lock overrides are said on standard error.
 */
export function destinationsForCli(
  values: { endpoint?: string | undefined; key?: string | undefined; protocol?: string | undefined },
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): Destinations {
  const commandLine: PartialDestination = { url: values.endpoint, ingestKey: values.key, protocol: values.protocol };
  let destinations: Destinations;
  try {
    destinations = new Destinations({
      settingsFile: path.join(home, SETTINGS_FILE),
      commandLine,
      environment: destinationFromEnvironment(env),
      vendor: readVendorConfig(vendorConfigPath(env, packageRoot())),
    });
  } catch (error) {
    if (error instanceof DestinationError) throw new UsageError(error.message);
    throw error;
  }
  for (const source of destinations.ignoredBecauseLocked())
    process.stderr.write(`candor: the destination from the ${source} is ignored: the app's vendor has fixed where reports go\n`);
  return destinations;
}

/** The privacy policy a command-line program agrees under: the vendor's, or Candor's own; a bad one is a usage error naming it. */
export function privacyPolicyForCli(env: NodeJS.ProcessEnv = process.env): PrivacyPolicy {
  const file = vendorConfigPath(env, packageRoot());
  try {
    return loadPrivacyPolicy(readVendorConfig(file), file);
  } catch (error) {
    if (error instanceof DestinationError || error instanceof PrivacyPolicyError) throw new UsageError(error.message);
    throw error;
  }
}
