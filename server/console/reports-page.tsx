import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { REVIEW_PAGE_SIZE, type ReportList, type ReviewFilter, type StoredMinidump, type StoredReport } from '../../contract/review';
import { useI18n, type I18n } from '../../renderer/i18n/i18n';
import { ListSection, type Column } from './list-section';
import { osNameAndVersion } from './os-label';
import type { ReviewApi } from './review-api';
import { saveAs } from './save-as';

const FILTER_FIELDS: { name: Exclude<keyof ReviewFilter, 'page' | 'id'>; type: 'text' | 'date' }[] = [
  { name: 'app', type: 'text' },
  { name: 'version', type: 'text' },
  { name: 'os', type: 'text' },
  { name: 'signature', type: 'text' },
  { name: 'from', type: 'date' },
  { name: 'to', type: 'date' },
];

/** The OS as the report's diagnostics named it ("Ubuntu 24.04.1 LTS 24.04"); a minidump's form field says only the platform. */
function osLabel(row: StoredReport | StoredMinidump, unknown: string): string {
  if ('osName' in row && row.osName !== null) return osNameAndVersion(row.osName, row.osVersion);
  return row.osPlatform ?? unknown;
}

/** What reports and minidumps both show: where the crash came from, its signature, its size. */
function crashColumns<T extends StoredReport | StoredMinidump>(noSignature: string, { t, bytes }: I18n): Column<T>[] {
  return [
    { header: t('console.app'), cell: (row) => row.appName },
    { header: t('console.version'), cell: (row) => row.appVersion },
    { header: t('console.os'), cell: (row) => osLabel(row, t('console.unknown')) },
    { header: t('console.signature'), className: 'signature', cell: (row) => row.signature ?? noSignature },
    { header: t('console.size'), cell: (row) => bytes(row.sizeBytes) },
  ];
}

type Loaded = { status: 'loading' } | { status: 'ready'; list: ReportList } | { status: 'failed'; message: string };

/** Reports newest first with the console's filters, and the same reports grouped by crash signature. */
export function ReportsPage({ api, onFailure }: { api: ReviewApi; onFailure: (error: unknown) => string }) {
  const i18n = useI18n();
  const { t, time } = i18n;
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
        else if (list.reports.length + list.minidumps.length === 0) setFound(t('console.noMatch', { code: wanted }));
        else {
          setFound(t('console.severalMatch', { count: list.reports.length + list.minidumps.length, code: wanted }));
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
      (error: unknown) => setProblem(t('console.minidumpNotDownloaded', { reason: onFailure(error) })),
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
      (error: unknown) =>
        setProblem(t(what === 'report' ? 'console.reportNotDeleted' : 'console.minidumpNotDeleted', { reason: onFailure(error) })),
    );
  };
  const page = Number(filter.page ?? '1');
  const turnTo = (next: number): void => setFilter({ ...filter, page: String(next) });
  const fullPage =
    loaded.status === 'ready' && (loaded.list.reports.length === REVIEW_PAGE_SIZE || loaded.list.minidumps.length === REVIEW_PAGE_SIZE);

  return (
    <>
      <form onSubmit={find} role="search" aria-label={t('console.findReport')} className="find">
        <label>
          {t('console.supportCodeOrId')}
          <input
            type="search"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            placeholder={t('console.supportCodeExample', { example: '1f372dfd' })}
          />
        </label>
        <button type="submit">{t('console.find')}</button>
        <p role="status" aria-live="polite" data-testid="find-outcome">
          {found}
        </p>
      </form>
      <form onSubmit={apply} aria-label={t('console.filters')} className="filters">
        {FILTER_FIELDS.map((field) => (
          <label key={field.name}>
            {t(`console.filter.${field.name}`)}
            <input
              type={field.type}
              value={draft[field.name] ?? ''}
              onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
            />
          </label>
        ))}
        <div>
          <button type="submit">{t('console.applyFilters')}</button>
          <button
            type="button"
            onClick={() => {
              setDraft({});
              setFilter({});
            }}
          >
            {t('console.clear')}
          </button>
        </div>
      </form>
      {loaded.status === 'loading' && <p role="status">{t('console.reportsLoading')}</p>}
      {loaded.status === 'failed' && <p role="alert">{t('console.reportsNotLoaded', { reason: loaded.message })}</p>}
      {loaded.status === 'ready' && (
        <>
          <ListSection
            label={t('console.signatures')}
            heading={t('console.signatures')}
            empty={t('console.noCrashesMatch')}
            rows={loaded.list.signatures}
            rowKey={(group) => `${group.appName}\n${group.signature}`}
            columns={[
              {
                header: t('console.signature'),
                className: 'signature',
                cell: (group) => (
                  <button type="button" onClick={() => showSignature(group.signature, group.appName)}>
                    {group.signature}
                  </button>
                ),
              },
              { header: t('console.app'), cell: (group) => group.appName },
              { header: t('console.crashes'), testId: 'signature-count', cell: (group) => group.count },
              { header: t('console.firstSeen'), cell: (group) => time(group.firstSeen) },
              { header: t('console.lastSeen'), cell: (group) => time(group.lastSeen) },
            ]}
          />
          <ListSection
            label={t('console.navReports')}
            heading={t('console.reportsHeading', { count: loaded.list.reports.length })}
            empty={t('console.noReportsMatch')}
            rows={loaded.list.reports}
            rowKey={(report) => report.id}
            rowTestId="report-row"
            columns={[
              { header: t('console.received'), cell: (report) => <a href={`#/reports/${report.id}`}>{time(report.receivedAt)}</a> },
              ...crashColumns<StoredReport>(t('console.problemReportShort'), i18n),
              {
                header: t('console.delete'),
                cell: (report) => (
                  <ConfirmDelete label={t('console.deleteReport', { id: report.id })} onConfirm={() => remove('report', report.id)} />
                ),
              },
            ]}
          />
          <ListSection
            label={t('console.minidumps')}
            heading={t('console.minidumpsHeading', { count: loaded.list.minidumps.length })}
            empty={t('console.noMinidumpsMatch')}
            rows={loaded.list.minidumps}
            rowKey={(dump) => dump.id}
            rowTestId="minidump-row"
            columns={[
              {
                header: t('console.received'),
                cell: (dump) => (
                  <a href={`#/minidumps/${dump.id}`} aria-label={t('console.openMinidump', { id: dump.id })}>
                    {time(dump.receivedAt)}
                  </a>
                ),
              },
              ...crashColumns<StoredMinidump>(t('console.unknown'), i18n),
              {
                header: t('console.dump'),
                cell: (dump) => (
                  <button type="button" aria-label={t('console.downloadMinidump', { id: dump.id })} onClick={() => downloadDump(dump.id)}>
                    {t('console.downloadShort')}
                  </button>
                ),
              },
              {
                header: t('console.delete'),
                cell: (dump) => (
                  <ConfirmDelete label={t('console.deleteMinidump', { id: dump.id })} onConfirm={() => remove('minidump', dump.id)} />
                ),
              },
            ]}
          />
          <nav aria-label={t('console.pages')} className="pages">
            {page > 1 && (
              <button type="button" onClick={() => turnTo(page - 1)}>
                {t('console.previousPage')}
              </button>
            )}
            <span>{t('console.page', { page })}</span>
            {fullPage && (
              <button type="button" onClick={() => turnTo(page + 1)}>
                {t('console.nextPage')}
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
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" aria-label={label} onClick={() => setAsking(true)}>
        {t('console.delete')}
      </button>
    );
  return (
    <span role="group" aria-label={label}>
      {t('console.forGood')}
      <button type="button" onClick={onConfirm}>
        {t('console.yesDelete')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('console.keepIt')}
      </button>
    </span>
  );
}
