import { useEffect, useState } from 'react';
import type { History } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatTime } from '../../format';
import { strings } from '../../strings';

export function HistoryView() {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const load = (): void => {
    candor()
      .getHistory()
      .then(setHistory, (failure: unknown) => setError(describeError(failure)));
  };
  useEffect(load, []);
  const exportZip = async (reportId: string): Promise<void> => {
    try {
      const { fileName, zipBase64 } = await candor().exportReport(reportId);
      const bytes = Uint8Array.from(atob(zipBase64), (character) => character.charCodeAt(0));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setOutcome(`${reportId}: exported as ${fileName}`);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const remove = async (reportId: string, where: 'local' | 'server'): Promise<void> => {
    try {
      const result = await candor().deleteReport({ reportId, where });
      setOutcome(`${reportId}: ${result.reason}`);
      load();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{strings.historyHeading}</h2>
      {error !== null && <p role="alert">{error}</p>}
      <div role="status" aria-live="polite">
        {outcome !== null && <p>{outcome}</p>}
      </div>
      {history !== null && history.reports.length === 0 && <p>{strings.historyEmpty}</p>}
      {history !== null && history.reports.length > 0 && (
        <table className="probes" data-testid="history">
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Status</th>
              <th scope="col">Queued</th>
              <th scope="col">Receipt</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {history.reports.map((entry) => (
              <tr key={entry.reportId}>
                <th scope="row">
                  <code>{entry.reportId}</code>
                </th>
                <td>{entry.status}</td>
                <td>{formatTime(entry.queuedAt)}</td>
                <td>
                  {entry.receipt === undefined
                    ? (entry.reason ?? '')
                    : `received ${formatTime(entry.receipt.receivedAt)}, SHA-256 ${entry.receipt.sha256}`}
                </td>
                <td>
                  {entry.receipt !== undefined && (
                    <button type="button" onClick={() => void remove(entry.reportId, 'server')}>
                      {strings.deleteFromServer}
                    </button>
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
