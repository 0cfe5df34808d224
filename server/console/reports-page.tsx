import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { REVIEW_PAGE_SIZE, type ReportList, type ReviewFilter, type StoredMinidump, type StoredReport } from '../../contract/review';
import { formatBytes, formatTime } from '../../renderer/format';
import { ListSection, type Column } from './list-section';
import { osNameAndVersion } from './os-label';
import type { ReviewApi } from './review-api';
import { saveAs } from './save-as';

const FILTER_FIELDS: { name: Exclude<keyof ReviewFilter, 'page'>; label: string; type: 'text' | 'date' }[] = [
  { name: 'app', label: 'App', type: 'text' },
  { name: 'version', label: 'App version', type: 'text' },
  { name: 'os', label: 'OS', type: 'text' },
  { name: 'signature', label: 'Signature', type: 'text' },
  { name: 'from', label: 'Received from', type: 'date' },
  { name: 'to', label: 'Received to', type: 'date' },
];

/** The OS as the report's diagnostics named it ("Ubuntu 24.04.1 LTS 24.04"); a minidump's form field says only the platform. */
function osLabel(row: StoredReport | StoredMinidump): string {
  if ('osName' in row && row.osName !== null) return osNameAndVersion(row.osName, row.osVersion);
  return row.osPlatform ?? '—';
}

/** What reports and minidumps both show: where the crash came from, its signature, its size. */
function crashColumns<T extends StoredReport | StoredMinidump>(noSignature: string): Column<T>[] {
  return [
    { header: 'App', cell: (row) => row.appName },
    { header: 'Version', cell: (row) => row.appVersion },
    { header: 'OS', cell: osLabel },
    { header: 'Signature', className: 'signature', cell: (row) => row.signature ?? noSignature },
    { header: 'Size', cell: (row) => formatBytes(row.sizeBytes) },
  ];
}

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

  const [code, setCode] = useState('');
  const [found, setFound] = useState<string | null>(null);
  /** A report by its id or the support code a user reads out (its first characters are enough when only one report has them). */
  const find = (event: SyntheticEvent): void => {
    event.preventDefault();
    const wanted = code.trim().toLowerCase();
    setFound(null);
    api.reports({ id: wanted }).then(
      (list) => {
        const [report] = list.reports;
        const [dump] = list.minidumps;
        if (list.reports.length === 1 && list.minidumps.length === 0 && report !== undefined)
          window.location.hash = `#/reports/${report.id}`;
        else if (list.minidumps.length === 1 && list.reports.length === 0 && dump !== undefined)
          window.location.hash = `#/minidumps/${dump.id}`;
        else if (list.reports.length + list.minidumps.length === 0) setFound(`No report or minidump has the code ${wanted}.`);
        else {
          setFound(`${list.reports.length + list.minidumps.length} match ${wanted}; they are listed below.`);
          setDraft({ id: wanted });
          setFilter({ id: wanted, page: '1' });
        }
      },
      (error: unknown) => setFound(onFailure(error)),
    );
  };

  const apply = (event: SyntheticEvent): void => {
    event.preventDefault();
    // New filters start again at the first page.
    setFilter({ ...draft, page: '1' });
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
  const remove = (what: 'report' | 'minidump', id: string): void => {
    (what === 'report' ? api.deleteReport(id) : api.deleteMinidump(id)).then(
      () => load(filter),
      (error: unknown) => setProblem(`The ${what} could not be deleted: ${onFailure(error)}`),
    );
  };
  const page = Number(filter.page ?? '1');
  const turnTo = (next: number): void => setFilter({ ...filter, page: String(next) });
  const fullPage =
    loaded.status === 'ready' && (loaded.list.reports.length === REVIEW_PAGE_SIZE || loaded.list.minidumps.length === REVIEW_PAGE_SIZE);

  return (
    <>
      <form onSubmit={find} role="search" aria-label="Find a report" className="find">
        <label>
          Support code or report id
          <input type="search" value={code} onChange={(event) => setCode(event.target.value)} placeholder="e.g. 1f372dfd" />
        </label>{' '}
        <button type="submit">Find</button>
        <p role="status" aria-live="polite" data-testid="find-outcome">
          {found}
        </p>
      </form>
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
          <ListSection
            label="Crash signatures"
            heading="Crash signatures"
            empty="No crashes match."
            rows={loaded.list.signatures}
            rowKey={(group) => `${group.appName}\n${group.signature}`}
            columns={[
              {
                header: 'Signature',
                className: 'signature',
                cell: (group) => (
                  <button type="button" onClick={() => showSignature(group.signature, group.appName)}>
                    {group.signature}
                  </button>
                ),
              },
              { header: 'App', cell: (group) => group.appName },
              { header: 'Crashes', testId: 'signature-count', cell: (group) => group.count },
              { header: 'First seen', cell: (group) => formatTime(group.firstSeen) },
              { header: 'Last seen', cell: (group) => formatTime(group.lastSeen) },
            ]}
          />
          <ListSection
            label="Reports"
            heading={`Reports (${loaded.list.reports.length}, newest first)`}
            empty="No reports match."
            rows={loaded.list.reports}
            rowKey={(report) => report.id}
            rowTestId="report-row"
            columns={[
              { header: 'Received', cell: (report) => <a href={`#/reports/${report.id}`}>{formatTime(report.receivedAt)}</a> },
              ...crashColumns<StoredReport>('problem report (no crash)'),
              {
                header: 'Delete',
                cell: (report) => <ConfirmDelete label={`Delete report ${report.id}`} onConfirm={() => remove('report', report.id)} />,
              },
            ]}
          />
          <ListSection
            label="Minidumps"
            heading={`Minidumps from crashReporter or Crashpad (${loaded.list.minidumps.length})`}
            empty="No minidumps match."
            rows={loaded.list.minidumps}
            rowKey={(dump) => dump.id}
            rowTestId="minidump-row"
            columns={[
              {
                header: 'Received',
                cell: (dump) => (
                  <a href={`#/minidumps/${dump.id}`} aria-label={`Open minidump ${dump.id}`}>
                    {formatTime(dump.receivedAt)}
                  </a>
                ),
              },
              ...crashColumns<StoredMinidump>('—'),
              {
                header: 'Dump',
                cell: (dump) => (
                  <button type="button" aria-label={`Download minidump ${dump.id}`} onClick={() => downloadDump(dump.id)}>
                    Download
                  </button>
                ),
              },
              {
                header: 'Delete',
                cell: (dump) => <ConfirmDelete label={`Delete minidump ${dump.id}`} onConfirm={() => remove('minidump', dump.id)} />,
              },
            ]}
          />
          <nav aria-label="Pages" className="pages">
            {page > 1 && (
              <button type="button" onClick={() => turnTo(page - 1)}>
                Previous page
              </button>
            )}{' '}
            <span>Page {page}</span>{' '}
            {fullPage && (
              <button type="button" onClick={() => turnTo(page + 1)}>
                Next page
              </button>
            )}
          </nav>
          {problem !== null && <p role="alert">{problem}</p>}
        </>
      )}
    </>
  );
}

/** A delete button that asks once more in place before it deletes for good. */
function ConfirmDelete({ label, onConfirm }: { label: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" aria-label={label} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  return (
    <span role="group" aria-label={label}>
      For good?{' '}
      <button type="button" onClick={onConfirm}>
        Yes, delete it
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}
