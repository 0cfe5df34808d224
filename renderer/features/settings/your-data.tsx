import { useEffect, useState } from 'react';
import type { ExportLocalDataResult, LocalDataSummary, ServerDeletions } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { useI18n } from '../../i18n/i18n';

type Confirming = 'delete-local' | 'delete-server' | null;
type Outcome =
  | { kind: 'exported'; result: ExportLocalDataResult }
  | { kind: 'export-cancelled' }
  | { kind: 'deleted-local'; files: number }
  | { kind: 'deleted-server'; deletions: ServerDeletions };

/**
 * Settings → "Your data" (the privacy policy's §8): what Candor keeps on this computer, its export
 * as one zip, its deletion, and the servers' copies with how long each server keeps them. The two
 * deletions say what they will do and ask once more.
 */
export function YourData() {
  const { t, bytes, notice, failure: describeFailure } = useI18n();
  const [summary, setSummary] = useState<LocalDataSummary | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (): void => {
    candor()
      .getLocalData()
      .then(setSummary, (failure: unknown) => setError(describeFailure(failure)));
  };
  useEffect(load, []);

  const act = async (action: () => Promise<Outcome>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setOutcome(await action());
      setConfirming(null);
      load();
    } catch (failure) {
      setError(describeFailure(failure));
    } finally {
      setBusy(false);
    }
  };
  const totalFiles = summary?.parts.reduce((total, part) => total + part.files, 0) ?? 0;
  const sentReports = summary?.servers.reduce((total, server) => total + server.reports, 0) ?? 0;

  return (
    <section aria-labelledby="your-data-heading" data-testid="your-data">
      <h3 id="your-data-heading">{t('yourDataHeading')}</h3>
      <p className="hint">{t('yourDataIntro')}</p>
      {error !== null && <p role="alert">{error}</p>}
      {summary !== null && (
        <>
          <div className="table-scroll">
            <table className="plain-table" aria-label={t('yourDataTableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('yourDataColumns.part')}</th>
                  <th scope="col">{t('yourDataColumns.files')}</th>
                  <th scope="col">{t('yourDataColumns.size')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.parts.map((part) => (
                  <tr key={part.part} data-testid={`local-part-${part.part}`}>
                    <th scope="row">{t(`localDataParts.${part.part}`)}</th>
                    <td>{part.files}</td>
                    <td className="no-wrap">{bytes(part.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h4>{t('serversHeading')}</h4>
          {summary.servers.length === 0 ? (
            <p>{t('noServers')}</p>
          ) : (
            <ul data-testid="servers">
              {summary.servers.map((server) => (
                <li key={`${server.protocol} ${server.host}`}>
                  {t('serverAndRetention', {
                    server: t('serverLine', { host: server.host, reports: server.reports }),
                    retention: server.retentionDays === null ? t('retentionUnknown') : t('retentionDays', { days: server.retentionDays }),
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const result = await candor().exportLocalData();
              return result === null ? { kind: 'export-cancelled' } : { kind: 'exported', result };
            })
          }
        >
          {t('exportEverything')}
        </button>
        <button type="button" disabled={busy || sentReports === 0} onClick={() => setConfirming('delete-server')}>
          {t('askServersToDelete')}
        </button>
        <button type="button" disabled={busy || totalFiles === 0} onClick={() => setConfirming('delete-local')}>
          {t('deleteEverything')}
        </button>
      </div>

      {confirming !== null && (
        <div role="alertdialog" aria-labelledby="your-data-confirm" className="confirm">
          <p id="your-data-confirm">
            {confirming === 'delete-local'
              ? t('confirmDeleteLocal', { files: totalFiles, sent: sentReports })
              : t('confirmDeleteServer', { sent: sentReports })}
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                if (confirming === 'delete-server') return { kind: 'deleted-server', deletions: await candor().askServersToDelete() };
                await candor().deleteLocalData();
                return { kind: 'deleted-local', files: totalFiles };
              })
            }
          >
            {confirming === 'delete-local' ? t('confirmDeleteLocalButton') : t('confirmDeleteServerButton')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('cancel')}
          </button>
        </div>
      )}

      <div role="status" aria-live="polite" data-testid="your-data-status">
        {outcome?.kind === 'exported' && (
          <p>{t('exported', { file: outcome.result.file, files: outcome.result.files, size: bytes(outcome.result.sizeBytes) })}</p>
        )}
        {outcome?.kind === 'export-cancelled' && <p>{t('exportCancelled')}</p>}
        {outcome?.kind === 'deleted-local' && <p>{t('deletedLocal', { files: outcome.files })}</p>}
        {outcome?.kind === 'deleted-server' && (
          <p>
            {t('deletedServer', {
              deleted: outcome.deletions.filter((deletion) => deletion.ok).length,
              failures: outcome.deletions.some((deletion) => !deletion.ok)
                ? outcome.deletions
                    .filter((deletion) => !deletion.ok)
                    .map((deletion) => notice(deletion.reason))
                    .join(' ')
                : 'none',
            })}
          </p>
        )}
      </div>
    </section>
  );
}
