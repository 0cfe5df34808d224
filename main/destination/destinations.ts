import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dsnFromString } from '@sentry/core';
import { z } from 'zod';
import {
  DestinationSchema,
  VendorConfigSchema,
  type ConsentedDestination,
  type Destination,
  type DestinationSource,
  type DestinationView,
  type UploadProtocol,
  type VendorConfig,
} from '../../contract/destination';
import { CandorError } from '../../contract/errors';
import type { Notice } from '../../contract/notice';
import { noticeText } from '../notice-text';
import { writeFileDurableSync } from '../storage/durable-write';

/** The vendor's configuration file, looked for beside the app. */
export const VENDOR_CONFIG_FILE = 'candor-vendor.json';
/** The user's settings, in the data folder. */
export const SETTINGS_FILE = 'settings.json';
const MAX_CONFIG_BYTES = 64 * 1024;

/** One source's part of a destination, as the command line or the environment give it: any field may be missing. */
export interface PartialDestination {
  url?: string | undefined;
  ingestKey?: string | undefined;
  protocol?: string | undefined;
}

export interface ResolvedDestination {
  destination: Destination;
  source: DestinationSource;
  locked: boolean;
}

const UserSettingsSchema = z.strictObject({
  schema: z.literal('candor.settings/1'),
  destination: DestinationSchema.optional(),
});
type UserSettings = z.infer<typeof UserSettingsSchema>;

/** A configuration that cannot be used; the message names the file or option and what is wrong. */
export class DestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationError';
  }
}

/** The destination given by CANDOR_ENDPOINT, CANDOR_INGEST_KEY and CANDOR_PROTOCOL. */
export function destinationFromEnvironment(env: NodeJS.ProcessEnv): PartialDestination {
  const value = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  return { url: value('CANDOR_ENDPOINT'), ingestKey: value('CANDOR_INGEST_KEY'), protocol: value('CANDOR_PROTOCOL') };
}

/** The vendor file: CANDOR_VENDOR_CONFIG when set, else `candor-vendor.json` in the app's resources folder. */
export function vendorConfigPath(env: NodeJS.ProcessEnv, resourcesDir: string): string {
  const override = env.CANDOR_VENDOR_CONFIG;
  return override !== undefined && override !== '' ? path.resolve(override) : path.join(resourcesDir, VENDOR_CONFIG_FILE);
}

/** Reads the vendor file; a missing file is no configuration, a malformed one is an error that names it. */
export function readVendorConfig(file: string): VendorConfig | null {
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_CONFIG_BYTES) throw new DestinationError(`${file} is ${bytes.length} bytes; the limit is ${MAX_CONFIG_BYTES}`);
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof DestinationError) throw error;
    throw new DestinationError(`cannot read the vendor configuration ${file}: ${(error as Error).message}`);
  }
  const parsed = parseJsonWith(VendorConfigSchema, text);
  if (!parsed.success) throw new DestinationError(`the vendor configuration ${file} is not valid: ${parsed.reason}`);
  if (parsed.data.destination !== undefined) checkDestinationUrl(parsed.data.destination, `the vendor configuration ${file}`);
  return {
    ...parsed.data,
    ...(parsed.data.destination === undefined ? {} : { destination: normalise(parsed.data.destination) }),
  };
}

/**
 * Where reports go, from the sources in order: command line, environment, the vendor's file, then
 * what the user set in Settings. The URL and protocol come together from the highest source that
 * names a URL; a key (or protocol) given alone by a higher source applies to it, but a lower
 * source's key goes only with that source's own URL, so a key is never sent to another server.
 * Settings are read on every call, so the desktop app, preview and the CLI agree.
 */
export class Destinations {
  private readonly fixed: { source: DestinationSource; part: PartialDestination }[];

  constructor(
    private readonly options: {
      settingsFile: string;
      commandLine?: PartialDestination;
      environment?: PartialDestination;
      vendor?: VendorConfig | null;
    },
  ) {
    const vendor = options.vendor?.destination;
    this.fixed = [
      { source: 'command-line', part: options.commandLine ?? {} },
      { source: 'environment', part: options.environment ?? {} },
      ...(vendor === undefined ? [] : [{ source: 'vendor' as const, part: vendor }]),
    ];
    for (const { source, part } of this.fixed) {
      if (part.url !== undefined || part.protocol !== undefined || part.ingestKey !== undefined) validatePart(part, source);
    }
  }

  get locked(): boolean {
    return this.options.vendor?.lockDestination === true && this.options.vendor.destination !== undefined;
  }

  /** Sources that were given but do not apply because the vendor locked the destination. */
  ignoredBecauseLocked(): DestinationSource[] {
    if (!this.locked) return [];
    return this.fixed
      .filter(
        ({ source, part }) =>
          source !== 'vendor' && (part.url !== undefined || part.ingestKey !== undefined || part.protocol !== undefined),
      )
      .map(({ source }) => source);
  }

  current(): ResolvedDestination | null {
    const vendor = this.options.vendor?.destination;
    if (this.locked && vendor !== undefined) return { destination: vendor, source: 'vendor', locked: true };
    const user = this.readSettings().destination;
    const sources = [...this.fixed, ...(user === undefined ? [] : [{ source: 'settings' as const, part: user }])];
    const withUrl = sources.findIndex(({ part }) => part.url !== undefined);
    const chosen = sources[withUrl];
    if (chosen?.part.url === undefined) return null;
    const url = chosen.part.url;
    const fieldFor = (field: 'ingestKey' | 'protocol'): string | undefined =>
      sources.find(
        ({ part }, index) =>
          part[field] !== undefined && (index <= withUrl || (part.url !== undefined && normaliseUrl(part.url) === normaliseUrl(url))),
      )?.part[field];
    const protocol = (fieldFor('protocol') ?? 'candor') as UploadProtocol;
    const ingestKey = protocol === 'sentry' ? undefined : fieldFor('ingestKey');
    const destination = normalise({ protocol, url, ...(ingestKey === undefined ? {} : { ingestKey }) });
    return { destination, source: chosen.source, locked: false };
  }

  view(): DestinationView | null {
    const resolved = this.current();
    return resolved === null ? null : describeDestination(resolved);
  }

  /** Sets (or clears, with null) the destination in Settings. Refused when the vendor locked it. */
  setUserDestination(destination: Destination | null): void {
    if (this.locked) throw new CandorError('not-allowed', { code: 'destination-locked' });
    let settings: UserSettings;
    if (destination === null) {
      settings = { ...this.readSettings() };
      delete settings.destination;
    } else {
      const parsed = DestinationSchema.safeParse(destination);
      if (!parsed.success)
        throw new CandorError('invalid-arguments', {
          code: 'destination-invalid',
          detail: z.prettifyError(parsed.error).replace(/\n/g, '; '),
        });
      const refused = refusedUrl(parsed.data);
      if (refused !== null) throw new CandorError('invalid-arguments', refused);
      const previous = this.readSettings();
      const next = normalise(parsed.data);
      // A key left out for the same server keeps the key already set for it.
      const keptKey =
        next.ingestKey === undefined && next.protocol !== 'sentry' && previous.destination?.url === next.url
          ? previous.destination.ingestKey
          : undefined;
      settings = { ...previous, destination: { ...next, ...(keptKey === undefined ? {} : { ingestKey: keptKey }) } };
    }
    writeFileDurableSync(this.options.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  }

  private readSettings(): UserSettings {
    let text: string;
    try {
      text = readFileSync(this.options.settingsFile, 'utf8');
    } catch {
      return { schema: 'candor.settings/1' };
    }
    const parsed = parseJsonWith(UserSettingsSchema, text);
    // A damaged settings file sends nowhere rather than somewhere unintended.
    return parsed.success ? parsed.data : { schema: 'candor.settings/1' };
  }
}

/** What consent names for a destination: protocol and URL, not the key. */
export function consentedDestination(destination: Destination): ConsentedDestination {
  return { protocol: destination.protocol, url: destination.url };
}

/** The destination as a person may see it: a key in the URL masked, the ingest key as its last four characters. */
export function describeDestination(resolved: ResolvedDestination): DestinationView {
  const { destination } = resolved;
  const url = new URL(destination.url);
  if (url.searchParams.has('key')) url.searchParams.set('key', '…');
  if (url.password !== '') url.password = '…';
  return {
    protocol: destination.protocol,
    displayUrl: url.toString().replace('key=%E2%80%A6', 'key=…').replace(':%E2%80%A6@', ':…@'),
    host: url.host,
    keyHint: destination.ingestKey === undefined ? null : `…${destination.ingestKey.slice(-4)}`,
    source: resolved.source,
    locked: resolved.locked,
  };
}

function validatePart(part: PartialDestination, source: DestinationSource): void {
  const where = source === 'command-line' ? 'the command line' : source === 'environment' ? 'the environment' : `the ${source} setting`;
  const protocol = part.protocol ?? 'candor';
  const parsed = DestinationSchema.safeParse({
    protocol,
    url: part.url ?? 'https://placeholder.invalid/',
    ...(part.ingestKey === undefined ? {} : { ingestKey: part.ingestKey }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DestinationError(`the destination from ${where} is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  if (part.url !== undefined) checkDestinationUrl(parsed.data, `the destination from ${where}`);
}

/** Reports go over https anywhere, or plain http to this machine only, where nothing crosses a network. */
export function isAllowedTransportUrl(url: URL): boolean {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
}

/** The URL is one reports may go to, and a Sentry destination is a DSN. */
/** Why a destination's URL cannot take reports, or null when it can. */
function refusedUrl(destination: Destination): Notice | null {
  if (!isAllowedTransportUrl(new URL(destination.url))) return { code: 'url-not-allowed', url: destination.url };
  if (destination.protocol === 'sentry' && dsnFromString(destination.url) === undefined)
    return { code: 'not-a-sentry-dsn', dsn: destination.url };
  return null;
}

/** Refuses, naming `what` gave it, a destination whose URL cannot take reports (the command line and the vendor file say it in English). */
function checkDestinationUrl(destination: Destination, what: string): void {
  const refused = refusedUrl(destination);
  if (refused !== null) throw new DestinationError(`${what}: ${noticeText(refused)}`);
}

function normaliseUrl(url: string): string {
  return new URL(url).toString();
}

function normalise(destination: Destination): Destination {
  return { ...destination, url: normaliseUrl(destination.url) };
}

function parseJsonWith<T>(schema: z.ZodType<T>, text: string): { success: true; data: T } | { success: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { success: false, reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, reason: z.prettifyError(parsed.error).replace(/\n/g, '; ') };
}
