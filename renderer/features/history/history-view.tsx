import { useEffect, useState } from 'react';
import type { ConsentRecord } from '../../../contract/consent';
import type { History, HistoryEntry } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatTime } from '../../format';
import { strings } from '../../strings';
import { describeCrash } from '../crash-dialog/describe-crash';

/** A decision in words; "always send" with its scope and its end. */
function describeDecision(record: ConsentRecord): string {
  switch (record.decision) {
    case 'send':
    case 'dont-send':
      return strings.decisionWords[record.decision](record.digest);
    case 'always-send':
      return strings.alwaysSendDecision(
        record.scope.kind === 'until'
          ? strings.alwaysSendScope.until(formatTime(record.scope.until))
          : strings.alwaysSendScope.version(record.scope.appVersion),
        strings.dumpAs[record.choices.minidump],
      );
    default:
      return strings.decisionWords[record.decision];
  }
}

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
      setOutcome(strings.exportedAs(fileName));
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

  /** The actions a report's state allows, and only those. */
  const actionsFor = (entry: HistoryEntry) => {
    const waiting = entry.state === 'waiting' || entry.state === 'failed' || entry.state === 'needs-destination';
    const onServer = entry.state === 'sent' && entry.receipt?.deletionToken !== undefined;
    return (
      <>
        {waiting && (
          <button type="button" onClick={() => void retry(entry.reportId)}>
            {strings.retry}
          </button>
        )}
        {entry.state === 'needs-approval' && (
          <button type="button" onClick={() => void approve(entry.reportId)}>
            {strings.approveNewDestination}
          </button>
        )}
        {onServer && (
          <>
            <button type="button" onClick={() => void check(entry.reportId)}>
              {strings.checkServerCopy}
            </button>
            <button type="button" onClick={() => void remove(entry.reportId, 'server')}>
              {strings.deleteFromServer}
            </button>
          </>
        )}
        {entry.localCopy && entry.state !== 'set-aside' && (
          <button type="button" onClick={() => void exportZip(entry.reportId)}>
            {strings.exportZip}
          </button>
        )}
        {entry.localCopy && (
          <button type="button" onClick={() => void remove(entry.reportId, 'local')}>
            {strings.deleteLocally}
          </button>
        )}
      </>
    );
  };

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{strings.historyHeading}</h2>
      {error !== null && <p role="alert">{error}</p>}
      <div role="status" aria-live="polite">
        {outcome !== null && <p data-testid="history-outcome">{outcome}</p>}
      </div>
      {history !== null && history.reports.length === 0 && <p>{strings.historyEmpty}</p>}
      {history !== null && history.reports.length > 0 && (
        <ul className="report-list" data-testid="history">
          {history.reports.map((entry) => (
            <li key={entry.reportId} id={`report-${entry.reportId}`} tabIndex={-1} data-state={entry.state} className="report-row">
              <div className="report-row-head">
                <strong>{entry.app === undefined ? entry.reportId : `${entry.app.name} ${entry.app.version}`}</strong>
                <span className={`state state-${entry.state}`} data-testid="report-state">
                  {strings.historyStates[entry.state]}
                </span>
              </div>
              <p>
                {entry.crash === undefined
                  ? entry.app === undefined
                    ? strings.noLocalCopy
                    : strings.problemReport
                  : entry.app === undefined
                    ? ''
                    : describeCrash({ ...entry.crash, app: entry.app })}{' '}
                {strings.approvedOn(formatTime(entry.approvedAt), entry.destination.host)}
              </p>
              {entry.receipt !== undefined && (
                <p className="hint">{strings.receivedOn(formatTime(entry.receipt.receivedAt), entry.receipt.sha256)}</p>
              )}
              {entry.deletedAt !== undefined && <p className="hint">{strings.deletedOn(formatTime(entry.deletedAt))}</p>}
              {entry.reason !== undefined && (
                <p className="hint">
                  {entry.state === 'set-aside' ? strings.setAsideBecause(entry.reason) : strings.notSentBecause(entry.reason)}
                </p>
              )}
              <p className="hint">{strings.supportCodeLine(entry.reportId)}</p>
              <div className="actions">{actionsFor(entry)}</div>
            </li>
          ))}
        </ul>
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
                {formatTime(record.at)}: {describeDecision(record)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
