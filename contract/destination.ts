import { z } from 'zod';
import { LanguageTagSchema } from './privacy-policy';

/** How reports travel: Candor's own protocol, a Breakpad/Crashpad submit URL, or a Sentry DSN. */
export const uploadProtocols = ['candor', 'breakpad', 'sentry'] as const;
export type UploadProtocol = (typeof uploadProtocols)[number];

/** Where a destination setting came from, highest first. */
export const destinationSources = ['command-line', 'environment', 'vendor', 'settings'] as const;
export type DestinationSource = (typeof destinationSources)[number];

const IngestKeySchema = z
  .string()
  .min(8, 'an ingest key is at least 8 characters')
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'an ingest key is printable ASCII without spaces');

/**
 * Where reports go. The ingest key is an app credential (it admits uploads, it reads nothing), kept
 * with the destination; it never enters a report and is never shown in full.
 */
export const DestinationSchema = z
  .strictObject({
    protocol: z.enum(uploadProtocols),
    url: z.url(),
    ingestKey: IngestKeySchema.optional(),
  })
  .refine((destination) => destination.protocol !== 'sentry' || destination.ingestKey === undefined, {
    error: 'a Sentry destination authenticates with the key inside its DSN, not with an ingest key',
    path: ['ingestKey'],
  });
export type Destination = z.infer<typeof DestinationSchema>;

/** What consent names: the server and protocol, not the key (a corrected key does not change where bytes go). */
export const ConsentedDestinationSchema = z.strictObject({ protocol: z.enum(uploadProtocols), url: z.url() });
export type ConsentedDestination = z.infer<typeof ConsentedDestinationSchema>;

/** The destination as the UI shows it: the URL without secrets, the key as its last characters only. */
export const DestinationViewSchema = z.object({
  protocol: z.enum(uploadProtocols),
  /** The URL to show: a key in its query or user part is masked. */
  displayUrl: z.string(),
  host: z.string(),
  keyHint: z.string().nullable(),
  source: z.enum(destinationSources),
  /** The app's vendor fixed it; Settings cannot change it. */
  locked: z.boolean(),
});
export type DestinationView = z.infer<typeof DestinationViewSchema>;

/** The configuration file an app's vendor ships beside the app (`candor-vendor.json`). */
export const VendorConfigSchema = z.strictObject({
  schema: z.literal('candor.vendor/1'),
  destination: DestinationSchema.optional(),
  /** When true, only this destination is used: command line, environment and Settings cannot change it. */
  lockDestination: z.boolean().default(false),
  /**
   * The vendor's privacy policy: a Markdown file beside this one, the language it is written in, its
   * version (a new version voids remembered consent), and translations of it, each a file beside this one.
   */
  privacyPolicy: z
    .strictObject({
      file: z.string().min(1).max(255),
      version: z.string().min(1).max(64),
      language: LanguageTagSchema.default('en'),
      translations: z.record(LanguageTagSchema, z.string().min(1).max(255)).default({}),
    })
    .optional(),
});
export type VendorConfig = z.infer<typeof VendorConfigSchema>;

export function sameDestination(a: ConsentedDestination, b: ConsentedDestination): boolean {
  return a.protocol === b.protocol && a.url === b.url;
}
