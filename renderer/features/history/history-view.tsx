import { useEffect, useState } from 'react';
import type { ConsentRecord } from '../../../contract/consent';
import type { History, HistoryEntry } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeCrash } from '../crash-dialog/describe-crash';
import { useI18n, type I18n } from '../../i18n/i18n';

/** A decision in words; "always send" with its scope and its end. */
function describeDecision(record: ConsentRecord, { t, time }: I18n): string {
  switch (record.decision) {
    case 'send':
    case 'dont-send':
      return t(`decisionWords.${record.decision}`, { digest: record.digest });
    case 'always-send':
      return t('alwaysSendDecision', {
        scope:
          record.scope.kind === 'until'
            ? t('alwaysSendScope.until', { when: time(record.scope.until) })
            : t('alwaysSendScope.version', { version: record.scope.appVersion }),
        dump: t(`dumpAs.${record.choices.minidump}`),
      });
    default:
      return t(`decisionWords.${record.decision}`);
  }
}

/** History: every report with its state now and the actions that state allows, the crashes recorded, and the decisions. */
export function HistoryView({ highlightReportId }: { highlightReportId?: string | null }) {
  const i18n = useI18n();
  const { t, time } = i18n;
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const load = (): void => {
    candor()
      .getHistory()
      .then(setHistory, (failure: unknown) => setError(i18n.failure(failure)));
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
      setError(i18n.failure(failure));
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
      setOutcome(t('exportedAs', { fileName }));
    });
  const remove = (reportId: string, where: 'local' | 'server'): Promise<void> =>
    act(async () => {
      const result = await candor().deleteReport({ reportId, where });
      setOutcome(t('reportOutcome', { code: reportId, outcome: i18n.notice(result.reason) }));
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
          ? t('serverCopyUnavailable', { reason: i18n.notice(result.reason) })
          : result.identical
            ? t('serverCopyIdentical', { digest: result.serverSha256 })
            : t('serverCopyDiffers', { server: result.serverSha256, approved: result.approvedSha256 }),
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
            {t('retry')}
          </button>
        )}
        {entry.state === 'needs-approval' && (
          <button type="button" onClick={() => void approve(entry.reportId)}>
            {t('approveNewDestination')}
          </button>
        )}
        {onServer && (
          <>
            <button type="button" onClick={() => void check(entry.reportId)}>
              {t('checkServerCopy')}
            </button>
            <button type="button" onClick={() => void remove(entry.reportId, 'server')}>
              {t('deleteFromServer')}
            </button>
          </>
        )}
        {entry.localCopy && entry.state !== 'set-aside' && (
          <button type="button" onClick={() => void exportZip(entry.reportId)}>
            {t('exportZip')}
          </button>
        )}
        {entry.localCopy && (
          <button type="button" onClick={() => void remove(entry.reportId, 'local')}>
            {t('deleteLocally')}
          </button>
        )}
      </>
    );
  };

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      {error !== null && <p role="alert">{error}</p>}
      <div role="status" aria-live="polite">
        {outcome !== null && <p data-testid="history-outcome">{outcome}</p>}
      </div>
      {history !== null && history.reports.length === 0 && <p>{t('historyEmpty')}</p>}
      {history !== null && history.reports.length > 0 && (
        <ul className="report-list" data-testid="history">
          {history.reports.map((entry) => (
            <li key={entry.reportId} id={`report-${entry.reportId}`} tabIndex={-1} data-state={entry.state} className="report-row">
              <div className="report-row-head">
                <strong>
                  {entry.app === undefined ? entry.reportId : t('appAndVersion', { name: entry.app.name, version: entry.app.version })}
                </strong>
                <span className={`state state-${entry.state}`} data-testid="report-state">
                  {t(`historyStates.${entry.state}`)}
                </span>
              </div>
              <p>
                {t('rowSummary', {
                  what:
                    entry.crash === undefined || entry.app === undefined
                      ? t(entry.app === undefined ? 'noLocalCopy' : 'problemReport')
                      : describeCrash({ ...entry.crash, app: entry.app }, t),
                  approved: t('approvedOn', { when: time(entry.approvedAt), host: entry.destination.host }),
                })}
              </p>
              {entry.receipt !== undefined && (
                <p className="hint">{t('receivedOn', { when: time(entry.receipt.receivedAt), digest: entry.receipt.sha256 })}</p>
              )}
              {entry.deletedAt !== undefined && <p className="hint">{t('deletedOn', { when: time(entry.deletedAt) })}</p>}
              {entry.reason !== undefined && <p className="hint">{i18n.notice(entry.reason)}</p>}
              <p className="hint">{t('supportCodeLine', { code: entry.reportId })}</p>
              <div className="actions">{actionsFor(entry)}</div>
            </li>
          ))}
        </ul>
      )}
      {history !== null && history.crashes.length > 0 && (
        <>
          <h3>{t('crashesHeading')}</h3>
          <table className="probes" data-testid="crash-history">
            <thead>
              <tr>
                <th scope="col">{t('crashColumns.when')}</th>
                <th scope="col">{t('crashColumns.app')}</th>
                <th scope="col">{t('crashColumns.what')}</th>
                <th scope="col">{t('crashColumns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {history.crashes.map((crash) => (
                <tr key={crash.id} data-status={crash.status}>
                  <td>{time(crash.occurredAt)}</td>
                  <td>
                    {crash.app.name} {crash.app.version}
                  </td>
                  <td>{t('crashKindAndProcess', { kind: t(`crashKinds.${crash.kind}`), process: crash.processType })}</td>
                  <td>{t(`crashStatus.${crash.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {history !== null && history.decisions.length > 0 && (
        <>
          <h3>{t('decisionsHeading')}</h3>
          <ul>
            {history.decisions.map((record) => (
              <li key={record.id}>{t('decisionLine', { when: time(record.at), decision: describeDecision(record, i18n) })}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
