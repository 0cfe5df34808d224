import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DestinationError,
  destinationFromEnvironment,
  Destinations,
  describeDestination,
  readVendorConfig,
  vendorConfigPath,
} from '../../../main/destination/destinations';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SERVER = 'https://reports.example.com/api/v1/reports';
const OTHER = 'https://other.example.com/api/v1/reports';

async function settingsFile(): Promise<string> {
  return path.join(await tempDir(), 'settings.json');
}

describe('Destinations', () => {
  it('takes the highest source that names a URL: command line, environment, vendor, Settings', async () => {
    const file = await settingsFile();
    const vendor = {
      schema: 'candor.vendor/1' as const,
      lockDestination: false,
      destination: { protocol: 'candor' as const, url: 'https://vendor.example.com/' },
    };
    new Destinations({ settingsFile: file }).setUserDestination({
      protocol: 'candor',
      url: 'https://settings.example.com/',
      ingestKey: 'settings-key-1',
    });
    expect(new Destinations({ settingsFile: file }).current()).toMatchObject({
      source: 'settings',
      destination: { url: 'https://settings.example.com/' },
    });
    expect(new Destinations({ settingsFile: file, vendor }).current()).toMatchObject({
      source: 'vendor',
      destination: { url: 'https://vendor.example.com/' },
    });
    expect(new Destinations({ settingsFile: file, vendor, environment: { url: OTHER } }).current()).toMatchObject({
      source: 'environment',
    });
    expect(
      new Destinations({ settingsFile: file, vendor, environment: { url: OTHER }, commandLine: { url: SERVER } }).current(),
    ).toMatchObject({
      source: 'command-line',
      destination: { url: SERVER, protocol: 'candor' },
    });
    expect(new Destinations({ settingsFile: await settingsFile() }).current()).toBeNull();
  });

  it("pairs a key given alone with the URL below it, but never sends a lower source's key to another server", async () => {
    const file = await settingsFile();
    new Destinations({ settingsFile: file }).setUserDestination({ protocol: 'candor', url: SERVER, ingestKey: 'settings-key-1' });
    // `candor outbox flush --key NEW`: the corrected key goes to the server set in Settings.
    expect(new Destinations({ settingsFile: file, commandLine: { ingestKey: 'corrected-key' } }).current()?.destination).toEqual({
      protocol: 'candor',
      url: SERVER,
      ingestKey: 'corrected-key',
    });
    // CANDOR_ENDPOINT names another server: the key set for SERVER is not sent there.
    expect(new Destinations({ settingsFile: file, environment: { url: OTHER } }).current()?.destination).toEqual({
      protocol: 'candor',
      url: OTHER,
    });
    // The same server named again keeps its key.
    expect(new Destinations({ settingsFile: file, environment: { url: SERVER } }).current()?.destination.ingestKey).toBe('settings-key-1');
  });

  it("honours a vendor's lock over every other source, and says which sources it ignored", async () => {
    const file = await settingsFile();
    const vendor = {
      schema: 'candor.vendor/1' as const,
      lockDestination: true,
      destination: { protocol: 'candor' as const, url: SERVER, ingestKey: 'vendor-key-01' },
    };
    const destinations = new Destinations({
      settingsFile: file,
      vendor,
      commandLine: { url: OTHER },
      environment: { ingestKey: 'env-key-0001' },
    });
    expect(destinations.current()).toEqual({ source: 'vendor', locked: true, destination: vendor.destination });
    expect(destinations.ignoredBecauseLocked()).toEqual(['command-line', 'environment']);
    expect(() => destinations.setUserDestination({ protocol: 'candor', url: OTHER })).toThrow(
      expect.objectContaining({ code: 'not-allowed' }),
    );
  });

  it('keeps the Settings destination owner-only on disk, keeps the key when it is left out for the same server, and shows it masked', async () => {
    const file = await settingsFile();
    const destinations = new Destinations({ settingsFile: file });
    destinations.setUserDestination({ protocol: 'candor', url: SERVER, ingestKey: 'secret-key-abcd' });
    destinations.setUserDestination({ protocol: 'candor', url: SERVER });
    expect(destinations.current()?.destination.ingestKey).toBe('secret-key-abcd');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const view = destinations.view();
    expect(view).toMatchObject({ protocol: 'candor', host: 'reports.example.com', keyHint: '…abcd', source: 'settings', locked: false });
    expect(JSON.stringify(view)).not.toContain('secret-key');
    destinations.setUserDestination({ protocol: 'candor', url: OTHER });
    expect(destinations.current()?.destination.ingestKey).toBeUndefined();
    destinations.setUserDestination(null);
    expect(destinations.current()).toBeNull();
  });

  it('masks a key written into a submit URL', () => {
    const view = describeDestination({
      source: 'settings',
      locked: false,
      destination: { protocol: 'breakpad', url: 'https://crash.example.com/submit?key=abcdef123456&prod=x' },
    });
    expect(view.displayUrl).toBe('https://crash.example.com/submit?key=…&prod=x');
  });

  it('refuses plain http to another machine, a Sentry URL that is not a DSN, and an ingest key for Sentry, naming the source', async () => {
    const file = await settingsFile();
    expect(() => new Destinations({ settingsFile: file, commandLine: { url: 'http://reports.example.com/' } })).toThrow(
      /the destination from the command line: .* plain http to this computer only/,
    );
    expect(() => new Destinations({ settingsFile: file, environment: { url: 'https://sentry.example.com/', protocol: 'sentry' } })).toThrow(
      /environment: .* is not a Sentry DSN/,
    );
    expect(
      () =>
        new Destinations({
          settingsFile: file,
          commandLine: { url: 'https://k@sentry.example.com/1', protocol: 'sentry', ingestKey: 'abcdefghij' },
        }),
    ).toThrow(DestinationError);
    expect(() => new Destinations({ settingsFile: file, commandLine: { url: SERVER, protocol: 'ftp' } })).toThrow(/protocol/);
  });

  it('reads a damaged Settings file as no destination rather than guessing one', async () => {
    const file = await settingsFile();
    writeFileSync(file, '{"schema":"candor.settings/1","destination":{"protocol":"candor","url":');
    expect(new Destinations({ settingsFile: file }).current()).toBeNull();
  });
});

describe('the vendor configuration file', () => {
  it('is found beside the app unless CANDOR_VENDOR_CONFIG names another', () => {
    expect(vendorConfigPath({}, '/opt/Candor/resources')).toBe(path.join('/opt/Candor/resources', 'candor-vendor.json'));
    expect(vendorConfigPath({ CANDOR_VENDOR_CONFIG: '/etc/candor.json' }, '/opt/Candor/resources')).toBe('/etc/candor.json');
  });

  it('is optional, and when present must match its schema exactly', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'candor-vendor.json');
    expect(readVendorConfig(file)).toBeNull();
    writeFileSync(
      file,
      JSON.stringify({ schema: 'candor.vendor/1', destination: { protocol: 'candor', url: SERVER }, lockDestinaton: true }),
    );
    expect(() => readVendorConfig(file)).toThrow(/candor-vendor\.json is not valid: .*lockDestinaton/);
    writeFileSync(file, '{"schema":');
    expect(() => readVendorConfig(file)).toThrow(/not JSON/);
    writeFileSync(file, JSON.stringify({ schema: 'candor.vendor/1', destination: { protocol: 'candor', url: SERVER } }));
    expect(readVendorConfig(file)).toEqual({
      schema: 'candor.vendor/1',
      lockDestination: false,
      destination: { protocol: 'candor', url: SERVER },
    });
    expect(readFileSync(file, 'utf8')).toContain(SERVER);
  });

  it('reads the environment variables, treating empty ones as unset', () => {
    expect(destinationFromEnvironment({ CANDOR_ENDPOINT: SERVER, CANDOR_INGEST_KEY: '', CANDOR_PROTOCOL: 'breakpad' })).toEqual({
      url: SERVER,
      ingestKey: undefined,
      protocol: 'breakpad',
    });
  });
});
