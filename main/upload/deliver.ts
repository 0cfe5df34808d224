import { sameDestination, type ConsentedDestination, type Destination } from '../../contract/destination';
import { consentedDestination } from '../destination/destinations';
import type { Outbox, OutboxItem } from '../outbox/outbox';
import type { ConsentLedger } from '../privacy/consent';
import { sha256Hex } from '../report/build-report';
import type { Bundle } from '../report/bundle';
import { uploadBreakpad } from './breakpad-transport';
import { uploadCandor, UPLOAD_TIMEOUT_MS, type UploadOutcome } from './candor-transport';
import { requireConsent } from './require-consent';
import { uploadSentry } from './sentry-transport';
import { UploadRefusedError } from './upload-errors';

export interface DeliverOptions {
  now?: () => Date;
  timeoutMs?: number;
}

/** A destination as the user knows it: its host and protocol. */
function named(destination: ConsentedDestination): string {
  return `${new URL(destination.url).host} (${destination.protocol})`;
}

/**
 * The one way a report leaves the machine. The consent ledger must hold a yes for exactly these
 * bytes, and that yes names where they may go: the destination now configured must be that one,
 * or nothing is sent and the report waits for the user to approve the new destination. The key
 * comes from the configuration, so a corrected key needs no new approval.
 */
export async function deliver(
  bundle: Bundle,
  destination: Destination | null,
  consent: Pick<ConsentLedger, 'consentFor'>,
  options: DeliverOptions = {},
): Promise<UploadOutcome> {
  try {
    const record = requireConsent(bundle, consent);
    if (destination === null) return { ok: false, failure: { kind: 'destination', reason: { code: 'no-destination' } } };
    if (!sameDestination(record.destination, consentedDestination(destination)))
      return {
        ok: false,
        failure: {
          kind: 'approval',
          reason: { code: 'destination-changed', approved: named(record.destination), current: named(consentedDestination(destination)) },
        },
      };
    const timeoutMs = options.timeoutMs ?? UPLOAD_TIMEOUT_MS;
    switch (destination.protocol) {
      case 'candor':
        return await uploadCandor(bundle, destination, timeoutMs);
      case 'breakpad':
        return await uploadBreakpad(bundle, destination, options.now, timeoutMs);
      case 'sentry':
        return await uploadSentry(bundle, destination.url, options.now, timeoutMs);
    }
  } catch (error) {
    // Refused before anything went out: no consent, a URL not allowed, a report this protocol cannot carry.
    if (error instanceof UploadRefusedError) return { ok: false, failure: { kind: 'final', reason: error.notice } };
    throw error;
  }
}

/** Tells destinations apart without keeping the key: a report refused under one is retried once it changes. */
export function destinationFingerprint(destination: Destination | null): string {
  if (destination === null) return 'none';
  return sha256Hex(Buffer.from(`${destination.protocol}\n${destination.url}\n${destination.ingestKey ?? ''}`, 'utf8')).slice(0, 32);
}

/** Sends what is due in the outbox to the destination configured now. */
export function sendDueReports(
  outbox: Outbox,
  consent: Pick<ConsentLedger, 'consentFor'>,
  destination: Destination | null,
  options: DeliverOptions = {},
): Promise<OutboxItem[]> {
  return outbox.flush((bundle) => deliver(bundle, destination, consent, options), destinationFingerprint(destination));
}
