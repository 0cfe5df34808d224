import { useEffect, useState } from 'react';
import type { ReviewedReport } from '../../contract/review';
import { useI18n } from '../../renderer/i18n/i18n';
import { DumpSummary, ExactBytes } from '../../renderer/features/crash-dialog/exact-bytes';
import { exitReasonText } from '../../renderer/features/crash-dialog/exit-reason';
import { osNameAndVersion } from './os-label';
import type { ReviewApi } from './review-api';
import { saveAs } from './save-as';
import { StackSection } from './stack-section';

type Loaded = { status: 'loading' } | { status: 'ready'; report: ReviewedReport } | { status: 'failed'; message: string };

/** The frames of a JavaScript stack, one a line after the message ("at f (file:1:2)"). */
function stackFrames(stack: string | undefined): string[] {
  if (stack === undefined) return [];
  return stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
}

/** What an engineer triages by, first: the signature, the exception, the stack, where it ran, when and how often. */
function Triage({ reviewed }: { reviewed: ReviewedReport }) {
  const { t, time, rich } = useI18n();
  const { report } = reviewed;
  const { crash } = report;
  const os = report.system.probes.os;
  const frames = stackFrames(crash?.error?.stack);
  return (
    <>
      <h2 data-testid="report-signature">{crash?.signature ?? t('console.problemReport')}</h2>
      {crash?.error !== undefined && (
        <p className="exception" data-testid="report-exception">
          {rich('errorLine', { name: <strong>{crash.error.name}</strong>, message: crash.error.message })}
        </p>
      )}
      {crash?.exit !== undefined && (
        <p className="exception" data-testid="report-exception">
          {rich('exitLine', { reason: <strong>{exitReasonText(crash.exit.reason, t)}</strong>, code: crash.exit.exitCode })}
        </p>
      )}
      {frames.length > 0 && (
        <section aria-label={t('console.jsStack')}>
          <h3>{t('console.jsStack')}</h3>
          <ol className="frames" data-testid="js-frames">
            {frames.map((frame, index) => (
              <li key={index}>
                <code>{frame.slice(3)}</code>
              </li>
            ))}
          </ol>
        </section>
      )}
      <dl className="facts" data-testid="triage-facts">
        <div className="fact">
          <dt>{t('console.app')}</dt>
          <dd>{t('appAndVersion', { name: report.app.name, version: report.app.version })}</dd>
        </div>
        <div className="fact">
          <dt>{t('console.os')}</dt>
          <dd data-testid="report-os">
            {os?.status === 'ok'
              ? t('console.osWithBuild', { os: osNameAndVersion(os.data.name, os.data.release), build: os.data.build })
              : t('console.notSent')}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('console.architecture')}</dt>
          <dd>{os?.status === 'ok' ? os.data.arch : t('console.notSent')}</dd>
        </div>
        {crash !== undefined && (
          <>
            <div className="fact">
              <dt>{t('console.processType')}</dt>
              <dd data-testid="report-process">{crash.processType}</dd>
            </div>
            <div className="fact">
              <dt>{t('console.occurred')}</dt>
              <dd>
                {crash.count > 1
                  ? t('console.occurredBetween', { first: time(crash.occurredAt), last: time(crash.lastOccurredAt) })
                  : time(crash.occurredAt)}
              </dd>
            </div>
            <div className="fact">
              <dt>{t('console.crashCount')}</dt>
              <dd data-testid="report-count">{crash.count}</dd>
            </div>
          </>
        )}
        <div className="fact">
          <dt>{t('console.received')}</dt>
          <dd>{time(reviewed.receivedAt)}</dd>
        </div>
        <div className="fact">
          <dt>{t('console.supportCode')}</dt>
          <dd>{reviewed.reportId}</dd>
        </div>
      </dl>
    </>
  );
}

/**
 * One report, in the order it is triaged: signature, exception, stack and where and when it ran;
 * then what the user wrote, the attachments and the crash dump; the exact bytes and their digest
 * last, folded.
 */
export function ReportPage({ api, id, onFailure }: { api: ReviewApi; id: string; onFailure: (error: unknown) => string }) {
  const { t, rich } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    api.report(id).then(
      (report) => {
        if (active) setLoaded({ status: 'ready', report });
      },
      (error: unknown) => {
        if (active) setLoaded({ status: 'failed', message: onFailure(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [api, id, onFailure]);

  const download = (name: string): void => {
    api.attachment(id, name).then(
      (blob) => saveAs(blob, name),
      (error: unknown) => setProblem(t('console.downloadFailed', { name, reason: onFailure(error) })),
    );
  };
  const remove = (): void => {
    api.deleteReport(id).then(
      () => {
        window.location.hash = '#/';
      },
      (error: unknown) => setProblem(t('console.reportNotDeleted', { reason: onFailure(error) })),
    );
  };

  return (
    <article aria-label={t('console.report')}>
      <p>
        <a href="#/">{t('console.backToReports')}</a>
      </p>
      {loaded.status === 'loading' && <p role="status">{t('console.reportLoading')}</p>}
      {loaded.status === 'failed' && <p role="alert">{t('console.reportNotLoaded', { reason: loaded.message })}</p>}
      {loaded.status === 'ready' && (
        <>
          <Triage reviewed={loaded.report} />
          <StackSection api={api} kind="reports" id={id} onFailure={onFailure} />
          <section aria-label={t('console.fromTheUser')}>
            <h3>{t('console.fromTheUser')}</h3>
            <dl className="facts">
              <div className="fact">
                <dt>{t('commentLabel')}</dt>
                <dd data-testid="report-comment">{loaded.report.report.user.comment ?? t('console.none')}</dd>
              </div>
              <div className="fact">
                <dt>{t('emailLabel')}</dt>
                <dd>{loaded.report.report.user.email ?? t('console.notGiven')}</dd>
              </div>
            </dl>
          </section>
          {loaded.report.serverRedactions.length > 0 && (
            <p role="note" data-testid="server-redactions">
              {t('console.serverRedactions', {
                found: loaded.report.serverRedactions
                  .map((entry) => t('redactionCount', { count: entry.count, kind: entry.kind }))
                  .join(', '),
              })}
            </p>
          )}
          {loaded.report.attachments.length > 0 && (
            <section aria-label={t('console.downloads')}>
              <h3>{t('manifestAttachmentsLabel')}</h3>
              <ul>
                {loaded.report.attachments.map((attachment) => (
                  <li key={attachment.name}>
                    <button type="button" onClick={() => download(attachment.name)}>
                      {t('console.download', { name: attachment.name })}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {loaded.report.minidump !== undefined && <DumpSummary summary={loaded.report.minidump} />}
          <details className="received-bytes">
            <summary>{t('console.receivedBytesFold')}</summary>
            <p>{rich('console.receivedDigest', { digest: <code data-testid="received-digest">{loaded.report.sha256}</code> })}</p>
            <ExactBytes preview={loaded.report} stale={false} heading={t('console.exactlySent')} withDumpSummary={false} />
          </details>
          <section aria-label={t('console.delete')}>
            <h3>{t('console.delete')}</h3>
            {confirming ? (
              <p>
                {t('console.deleteReportForGood')}
                <button type="button" onClick={remove}>
                  {t('console.yesDelete')}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('console.keepIt')}
                </button>
              </p>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                {t('console.deleteThisReport')}
              </button>
            )}
          </section>
          {problem !== null && <p role="alert">{problem}</p>}
        </>
      )}
    </article>
  );
}
