import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import type { ReportList, ReviewFilter } from '../../contract/review';
import { formatBytes, formatTime } from '../../renderer/format';
import type { ReviewApi } from './review-api';
import { saveAs } from './save-as';

const FILTER_FIELDS: { name: keyof ReviewFilter; label: string; type: 'text' | 'date' }[] = [
  { name: 'app', label: 'App', type: 'text' },
  { name: 'version', label: 'App version', type: 'text' },
  { name: 'os', label: 'OS', type: 'text' },
  { name: 'signature', label: 'Signature', type: 'text' },
  { name: 'from', label: 'Received from', type: 'date' },
  { name: 'to', label: 'Received to', type: 'date' },
];

type Loaded = { status: 'loading' } | { status: 'ready'; list: ReportList } | { status: 'failed'; message: string };

/** Reports newest first with the console's filters, and the same reports grouped by crash signature. */
export function ReportsPage({ api, onFailure }: { api: ReviewApi; onFailure: (error: unknown) => string }) {
  const [draft, setDraft] = useState<ReviewFilter>({});
  const [filter, setFilter] = useState<ReviewFilter>({});
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(
    (wanted: ReviewFilter) => {
      setLoaded({ status: 'loading' });
      api.reports(wanted).then(
        (list) => setLoaded({ status: 'ready', list }),
        (error: unknown) => setLoaded({ status: 'failed', message: onFailure(error) }),
      );
    },
    [api, onFailure],
  );
  useEffect(() => load(filter), [load, filter]);

  const apply = (event: SyntheticEvent): void => {
    event.preventDefault();
    setFilter({ ...draft });
  };
  const downloadDump = (id: string): void => {
    api.minidump(id).then(
      (blob) => saveAs(blob, `${id}.dmp`),
      (error: unknown) => setProblem(`The minidump could not be downloaded: ${onFailure(error)}`),
    );
  };
  const showSignature = (signature: string, app: string): void => {
    const next = { ...draft, signature, app };
    setDraft(next);
    setFilter(next);
  };

  return (
    <>
      <form onSubmit={apply} aria-label="Filters" className="filters">
        {FILTER_FIELDS.map((field) => (
          <label key={field.name}>
            {field.label}
            <input
              type={field.type}
              value={draft[field.name] ?? ''}
              onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
            />
          </label>
        ))}
        <div>
          <button type="submit">Apply filters</button>{' '}
          <button
            type="button"
            onClick={() => {
              setDraft({});
              setFilter({});
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {loaded.status === 'loading' && <p role="status">Loading reports…</p>}
      {loaded.status === 'failed' && <p role="alert">The reports could not be loaded: {loaded.message}</p>}
      {loaded.status === 'ready' && (
        <>
          <section aria-label="Crash signatures">
            <h2>Crash signatures</h2>
            {loaded.list.signatures.length === 0 ? (
              <p>No crash reports match.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Signature</th>
                      <th scope="col">App</th>
                      <th scope="col">Crashes</th>
                      <th scope="col">First seen</th>
                      <th scope="col">Last seen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {loaded.list.signatures.map((group) => (
                      <tr key={`${group.appName}\n${group.signature}`}>
                        <td className="signature">
                          <button type="button" onClick={() => showSignature(group.signature, group.appName)}>
                            {group.signature}
                          </button>
                        </td>
                        <td>{group.appName}</td>
                        <td data-testid="signature-count">{group.count}</td>
                        <td>{formatTime(group.firstSeen)}</td>
                        <td>{formatTime(group.lastSeen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-label="Reports">
            <h2>Reports ({loaded.list.reports.length}, newest first)</h2>
            {loaded.list.reports.length === 0 ? (
              <p>No reports match.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Received</th>
                      <th scope="col">App</th>
                      <th scope="col">Version</th>
                      <th scope="col">OS</th>
                      <th scope="col">Signature</th>
                      <th scope="col">Size</th>
                    </tr>
                  </thead>
                  <tbody>
                    {loaded.list.reports.map((report) => (
                      <tr key={report.id} data-testid="report-row">
                        <td>
                          <a href={`#/reports/${report.id}`}>{formatTime(report.receivedAt)}</a>
                        </td>
                        <td>{report.appName}</td>
                        <td>{report.appVersion}</td>
                        <td>{report.osPlatform ?? '—'}</td>
                        <td className="signature">{report.signature ?? 'problem report (no crash)'}</td>
                        <td>{formatBytes(report.sizeBytes)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-label="Minidumps">
            <h2>Minidumps from crashReporter or Crashpad ({loaded.list.minidumps.length})</h2>
            {loaded.list.minidumps.length === 0 ? (
              <p>No minidumps match.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Received</th>
                      <th scope="col">App</th>
                      <th scope="col">Version</th>
                      <th scope="col">OS</th>
                      <th scope="col">Signature</th>
                      <th scope="col">Size</th>
                      <th scope="col">Dump</th>
                    </tr>
                  </thead>
                  <tbody>
                    {loaded.list.minidumps.map((dump) => (
                      <tr key={dump.id} data-testid="minidump-row">
                        <td>{formatTime(dump.receivedAt)}</td>
                        <td>{dump.appName}</td>
                        <td>{dump.appVersion}</td>
                        <td>{dump.osPlatform ?? '—'}</td>
                        <td className="signature">{dump.signature ?? '—'}</td>
                        <td>{formatBytes(dump.sizeBytes)}</td>
                        <td>
                          <button type="button" aria-label={`Download minidump ${dump.id}`} onClick={() => downloadDump(dump.id)}>
                            Download
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {problem !== null && <p role="alert">{problem}</p>}
        </>
      )}
    </>
  );
}
