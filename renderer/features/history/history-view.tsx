import { useEffect, useState } from 'react';
import type { History } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatTime } from '../../format';
import { strings } from '../../strings';

/** History: every report with its state now and the actions that state allows, the crashes recorded, and the decisions. */
export function HistoryView({ highlightReportId }: { highlightReportId?: string | null }) {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const load = (): void => {
    candor()
      .getHistory()
      .then(setHistory, (failure: unknown) => setError(describeError(failure)));
  };
  useEffect(load, []);
  useEffect(() => {
    if (history === null || highlightReportId === null || highlightReportId === undefined) return;
    document.getElementById(`report-${highlightReportId}`)?.focus();
  }, [history, highlightReportId]);

  const act = async (action: () => Promise<void>): Promise<void> => {
    try {
      setError(null);
      await action();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const exportZip = (reportId: string): Promise<void> =>
    act(async () => {
      const { fileName, zipBase64 } = await candor().exportReport(reportId);
      const bytes = Uint8Array.from(atob(zipBase64), (character) => character.charCodeAt(0));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setOutcome(`${reportId}: exported as ${fileName}`);
    });
  const remove = (reportId: string, where: 'local' | 'server'): Promise<void> =>
    act(async () => {
      const result = await candor().deleteReport({ reportId, where });
      setOutcome(`${reportId}: ${result.reason}`);
      load();
    });
  const retry = (reportId: string): Promise<void> =>
    act(async () => {
      setHistory(await candor().retryReport(reportId));
    });
  const approve = (reportId: string): Promise<void> =>
    act(async () => {
      setHistory(await candor().approveNewDestination(reportId));
    });
  const check = (reportId: string): Promise<void> =>
    act(async () => {
      const result = await candor().checkServerCopy(reportId);
      setOutcome(
        result.serverSha256 === undefined
          ? strings.serverCopyUnavailable(result.reason)
          : result.identical
            ? strings.serverCopyIdentical(result.serverSha256)
            : strings.serverCopyDiffers(result.serverSha256, result.approvedSha256),
      );
    });

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{strings.historyHeading}</h2>
      {error !== null && <p role="alert">{error}</p>}
      <div role="status" aria-live="polite">
        {outcome !== null && <p data-testid="history-outcome">{outcome}</p>}
      </div>
      {history !== null && history.reports.length === 0 && <p>{strings.historyEmpty}</p>}
      {history !== null && history.reports.length > 0 && (
        <table className="probes" data-testid="history">
          <thead>
            <tr>
              <th scope="col">{strings.reportColumns.report}</th>
              <th scope="col">{strings.reportColumns.status}</th>
              <th scope="col">{strings.reportColumns.queued}</th>
              <th scope="col">{strings.reportColumns.destination}</th>
              <th scope="col">{strings.reportColumns.receipt}</th>
              <th scope="col">{strings.reportColumns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {history.reports.map((entry) => (
              <tr key={entry.reportId} id={`report-${entry.reportId}`} tabIndex={-1} data-status={entry.status}>
                <th scope="row">
                  <code>{entry.reportId}</code>
                </th>
                <td>{strings.reportStatus[entry.status]}</td>
                <td>{formatTime(entry.queuedAt)}</td>
                <td>
                  {entry.destination.host} ({entry.destination.protocol})
                </td>
                <td>
                  {entry.receipt === undefined
                    ? (entry.reason ?? '')
                    : strings.receivedWith(formatTime(entry.receipt.receivedAt), entry.receipt.sha256)}
                </td>
                <td>
                  {(entry.status === 'failed' || entry.status === 'needs-destination' || entry.status === 'queued') && (
                    <button type="button" onClick={() => void retry(entry.reportId)}>
                      {strings.retry}
                    </button>
                  )}
                  {entry.status === 'needs-approval' && (
                    <button type="button" onClick={() => void approve(entry.reportId)}>
                      {strings.approveNewDestination}
                    </button>
                  )}
                  {entry.receipt?.deletionToken !== undefined && (
                    <>
                      <button type="button" onClick={() => void check(entry.reportId)}>
                        {strings.checkServerCopy}
                      </button>{' '}
                      <button type="button" onClick={() => void remove(entry.reportId, 'server')}>
                        {strings.deleteFromServer}
                      </button>
                    </>
                  )}{' '}
                  <button type="button" onClick={() => void exportZip(entry.reportId)}>
                    {strings.exportZip}
                  </button>{' '}
                  <button type="button" onClick={() => void remove(entry.reportId, 'local')}>
                    {strings.deleteLocally}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history !== null && history.crashes.length > 0 && (
        <>
          <h3>{strings.crashesHeading}</h3>
          <table className="probes" data-testid="crash-history">
            <thead>
              <tr>
                <th scope="col">{strings.crashColumns.when}</th>
                <th scope="col">{strings.crashColumns.app}</th>
                <th scope="col">{strings.crashColumns.what}</th>
                <th scope="col">{strings.crashColumns.status}</th>
              </tr>
            </thead>
            <tbody>
              {history.crashes.map((crash) => (
                <tr key={crash.id} data-status={crash.status}>
                  <td>{formatTime(crash.occurredAt)}</td>
                  <td>
                    {crash.app.name} {crash.app.version}
                  </td>
                  <td>
                    {crash.kind} ({crash.processType})
                  </td>
                  <td>{strings.crashStatus[crash.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {history !== null && history.decisions.length > 0 && (
        <>
          <h3>{strings.decisionsHeading}</h3>
          <ul>
            {history.decisions.map((record) => (
              <li key={record.id}>
                {formatTime(record.at)}: {record.decision}
                {'digest' in record ? ` (SHA-256 ${record.digest})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
