import type { ConsentLedger, ConsentRecord } from '../privacy/consent';
import type { Bundle } from '../report/bundle';
import { UploadRefusedError } from './upload-errors';

type SendRecord = Extract<ConsentRecord, { decision: 'send' }>;

/** Asked before anything is sent: no byte of a report goes out without a yes for its exact digest. */
export function requireConsent(bundle: Bundle, consent: Pick<ConsentLedger, 'consentFor'>): SendRecord {
  const record = consent.consentFor(bundle.sha256);
  if (record === undefined) {
    throw new UploadRefusedError({ code: 'no-consent', reportId: bundle.report.id, sha256: bundle.sha256 });
  }
  return record;
}
