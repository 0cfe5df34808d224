import { useEffect, useState } from 'react';
import type { History } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatTime } from '../../format';
import { strings } from '../../strings';

export function HistoryView() {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    candor()
      .getHistory()
      .then(setHistory, (failure: unknown) => setError(describeError(failure)));
  }, []);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{strings.historyHeading}</h2>
      {error !== null && <p role="alert">{error}</p>}
      {history !== null && history.reports.length === 0 && <p>{strings.historyEmpty}</p>}
      {history !== null && history.reports.length > 0 && (
        <table className="probes" data-testid="history">
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Status</th>
              <th scope="col">Queued</th>
              <th scope="col">Receipt</th>
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
