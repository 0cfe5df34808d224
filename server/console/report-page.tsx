import { useEffect, useState } from 'react';
import type { ReviewedReport } from '../../contract/review';
import { formatTime } from '../../renderer/format';
import { ExactBytes } from '../../renderer/features/crash-dialog/exact-bytes';
import type { ReviewApi } from './review-api';
import { saveAs } from './save-as';
import { StackSection } from './stack-section';

type Loaded = { status: 'loading' } | { status: 'ready'; report: ReviewedReport } | { status: 'failed'; message: string };

/** One report: exactly what the user sent, in the viewer the user saw, with downloads and delete. */
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
          <h2>
            {loaded.report.report.app.name} {loaded.report.report.app.version}
          </h2>
          <dl className="facts">
            <div className="fact">
              <dt>Report</dt>
              <dd>{loaded.report.reportId}</dd>
            </div>
            <div className="fact">
              <dt>Received</dt>
              <dd>{formatTime(loaded.report.receivedAt)}</dd>
            </div>
            <div className="fact">
              <dt>SHA-256 as received</dt>
              <dd data-testid="received-digest">{loaded.report.sha256}</dd>
            </div>
          </dl>
          {loaded.report.serverRedactions.length > 0 && (
            <p role="note" data-testid="server-redactions">
              The server hid personal data the client left in:{' '}
              {loaded.report.serverRedactions.map((entry) => `${entry.count} × ${entry.kind}`).join(', ')}. The text below is therefore not
              byte for byte what was received; the digest above is of what was received.
            </p>
          )}
          {loaded.report.attachments.length > 0 && (
            <section aria-label="Downloads">
              <h3>Downloads</h3>
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
          <StackSection api={api} kind="reports" id={id} onFailure={onFailure} />
          <ExactBytes preview={loaded.report} stale={false} heading="Exactly what the user sent" />
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
