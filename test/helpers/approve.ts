import type { Destination } from '../../contract/destination';
import { consentedDestination } from '../../main/destination/destinations';
import type { ConsentLedger, SendRecord } from '../../main/privacy/consent';
import type { Bundle } from '../../main/report/bundle';

/** Records the user's yes for exactly this bundle's bytes, to this destination, as the dialog does. */
export function approve(consent: ConsentLedger, bundle: Pick<Bundle, 'sha256' | 'report'>, destination: Destination): SendRecord {
  return consent.record({
    decision: 'send',
    digest: bundle.sha256,
    reportId: bundle.report.id,
    basis: 'asked',
    destination: consentedDestination(destination),
  });
}
