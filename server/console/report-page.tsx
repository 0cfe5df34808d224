import { useEffect, useState } from 'react';
import type { ReviewedReport } from '../../contract/review';
import { formatTime } from '../../renderer/format';
import { DumpSummary, ExactBytes } from '../../renderer/features/crash-dialog/exact-bytes';
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
  const { report } = reviewed;
  const { crash } = report;
  const os = report.system.probes.os;
  const frames = stackFrames(crash?.error?.stack);
  return (
    <>
      <h2 data-testid="report-signature">{crash?.signature ?? 'Problem report (nothing crashed)'}</h2>
      {crash?.error !== undefined && (
        <p className="exception" data-testid="report-exception">
          <strong>{crash.error.name}</strong>: {crash.error.message}
        </p>
      )}
      {crash?.exit !== undefined && (
        <p className="exception" data-testid="report-exception">
          <strong>{crash.exit.reason}</strong> (exit code {crash.exit.exitCode})
        </p>
      )}
      {frames.length > 0 && (
        <section aria-label="JavaScript stack">
          <h3>JavaScript stack</h3>
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
          <dt>App</dt>
          <dd>
            {report.app.name} {report.app.version}
          </dd>
        </div>
        <div className="fact">
          <dt>OS</dt>
          <dd data-testid="report-os">
            {os?.status === 'ok' ? `${osNameAndVersion(os.data.name, os.data.release)} (${os.data.build})` : 'not sent'}
          </dd>
        </div>
        <div className="fact">
          <dt>CPU architecture</dt>
          <dd>{os?.status === 'ok' ? os.data.arch : 'not sent'}</dd>
        </div>
        {crash !== undefined && (
          <>
            <div className="fact">
              <dt>Process type</dt>
              <dd data-testid="report-process">{crash.processType}</dd>
            </div>
            <div className="fact">
              <dt>Occurred</dt>
              <dd>
                {formatTime(crash.occurredAt)}
                {crash.count > 1 && ` … ${formatTime(crash.lastOccurredAt)}`}
              </dd>
            </div>
            <div className="fact">
              <dt>Times it crashed</dt>
              <dd data-testid="report-count">{crash.count}</dd>
            </div>
          </>
        )}
        <div className="fact">
          <dt>Received</dt>
          <dd>{formatTime(reviewed.receivedAt)}</dd>
        </div>
        <div className="fact">
          <dt>Support code</dt>
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
      (error: unknown) => setProblem(`${name} could not be downloaded: ${onFailure(error)}`),
    );
  };
  const remove = (): void => {
    api.deleteReport(id).then(
      () => {
        window.location.hash = '#/';
      },
      (error: unknown) => setProblem(`The report could not be deleted: ${onFailure(error)}`),
    );
  };

  return (
    <article aria-label="Report">
      <p>
        <a href="#/">← All reports</a>
      </p>
      {loaded.status === 'loading' && <p role="status">Loading the report…</p>}
      {loaded.status === 'failed' && <p role="alert">The report could not be loaded: {loaded.message}</p>}
      {loaded.status === 'ready' && (
        <>
          <Triage reviewed={loaded.report} />
          <StackSection api={api} kind="reports" id={id} onFailure={onFailure} />
          <section aria-label="From the user">
            <h3>From the user</h3>
            <dl className="facts">
              <div className="fact">
                <dt>Comment</dt>
                <dd data-testid="report-comment">{loaded.report.report.user.comment ?? 'none'}</dd>
              </div>
              <div className="fact">
                <dt>Email</dt>
                <dd>{loaded.report.report.user.email ?? 'not given'}</dd>
              </div>
            </dl>
          </section>
          {loaded.report.serverRedactions.length > 0 && (
            <p role="note" data-testid="server-redactions">
              The server hid personal data the client left in:{' '}
              {loaded.report.serverRedactions.map((entry) => `${entry.count} × ${entry.kind}`).join(', ')}. The text below is therefore not
              byte for byte what was received; the digest is of what was received.
            </p>
          )}
          {loaded.report.attachments.length > 0 && (
            <section aria-label="Downloads">
              <h3>Attachments</h3>
              <ul>
                {loaded.report.attachments.map((attachment) => (
                  <li key={attachment.name}>
                    <button type="button" onClick={() => download(attachment.name)}>
                      Download {attachment.name}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {loaded.report.minidump !== undefined && <DumpSummary summary={loaded.report.minidump} />}
          <details className="received-bytes">
            <summary>Exactly what the user sent: the bytes and their SHA-256</summary>
            <p>
              SHA-256 as received: <code data-testid="received-digest">{loaded.report.sha256}</code>
            </p>
            <ExactBytes preview={loaded.report} stale={false} heading="Exactly what the user sent" withDumpSummary={false} />
          </details>
          <section aria-label="Delete">
            <h3>Delete</h3>
            {confirming ? (
              <p>
                Delete this report and its attachments from the server for good?{' '}
                <button type="button" onClick={remove}>
                  Yes, delete it
                </button>{' '}
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </p>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Delete this report
              </button>
            )}
          </section>
          {problem !== null && <p role="alert">{problem}</p>}
        </>
      )}
    </article>
  );
}
