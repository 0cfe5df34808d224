import { CandorError } from '../../contract/errors';
import type { ServerCopyCheck } from '../../contract/report-flow';
import type { Outbox } from '../outbox/outbox';
import type { ConsentLedger } from '../privacy/consent';
import { sha256Hex } from '../report/build-report';
import { fetchFromServer } from './candor-transport';

/**
 * Fetches the server's copy of a sent report (with the deletion token its receipt gave) and says
 * whether it is byte for byte what the user approved.
 */
export async function checkServerCopy(outbox: Outbox, consent: Pick<ConsentLedger, 'history'>, reportId: string): Promise<ServerCopyCheck> {
  const receipt = outbox.receiptFor(reportId);
  if (receipt === undefined) throw new CandorError('not-found', { code: 'never-received' });
  const approved = consent.history().find((record) => record.decision === 'send' && record.reportId === reportId);
  const approvedSha256 = approved?.decision === 'send' ? approved.digest : receipt.sha256;
  const copy = await fetchFromServer(receipt);
  if (!copy.ok) return { reportId, approvedSha256, identical: false, reason: copy.reason };
  const serverSha256 = sha256Hex(copy.bytes);
  const identical = serverSha256 === approvedSha256;
  return {
    reportId,
    approvedSha256,
    serverSha256,
    sizeBytes: copy.bytes.length,
    identical,
    reason: { code: identical ? 'server-copy-identical' : 'server-copy-differs' },
  };
}
