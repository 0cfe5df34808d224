import type { ConsentLedger } from '../privacy/consent';
import type { Bundle } from '../report/bundle';
import { UploadRefusedError } from './upload-errors';

/** Every transport asks this first: no byte of a report goes out without a yes for its exact digest. */
export function requireConsent(bundle: Bundle, consent: Pick<ConsentLedger, 'consentFor'>): void {
  if (consent.consentFor(bundle.sha256) === undefined) {
    throw new UploadRefusedError(`no consent is recorded for report ${bundle.report.id} (SHA-256 ${bundle.sha256}); nothing was sent`);
  }
}
