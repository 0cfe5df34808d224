import { useEffect, useState } from 'react';
import type { ExportLocalDataResult, LocalDataSummary, ServerDeletions } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { formatBytes } from '../../format';
import { strings } from '../../strings';

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
  const [summary, setSummary] = useState<LocalDataSummary | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (): void => {
    candor()
      .getLocalData()
      .then(setSummary, (failure: unknown) => setError(describeError(failure)));
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
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const totalFiles = summary?.parts.reduce((total, part) => total + part.files, 0) ?? 0;
  const sentReports = summary?.servers.reduce((total, server) => total + server.reports, 0) ?? 0;

  return (
    <section aria-labelledby="your-data-heading" data-testid="your-data">
      <h3 id="your-data-heading">{strings.yourDataHeading}</h3>
      <p className="hint">{strings.yourDataIntro}</p>
      {error !== null && <p role="alert">{error}</p>}
      {summary !== null && (
        <>
          <div className="table-scroll">
            <table className="plain-table" aria-label={strings.yourDataTableLabel}>
              <thead>
                <tr>
                  <th scope="col">{strings.yourDataColumns.part}</th>
                  <th scope="col">{strings.yourDataColumns.files}</th>
                  <th scope="col">{strings.yourDataColumns.size}</th>
                </tr>
              </thead>
              <tbody>
                {summary.parts.map((part) => (
                  <tr key={part.part} data-testid={`local-part-${part.part}`}>
                    <th scope="row">{strings.localDataParts[part.part]}</th>
                    <td>{part.files}</td>
                    <td>{formatBytes(part.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h4>{strings.serversHeading}</h4>
          {summary.servers.length === 0 ? (
            <p>{strings.noServers}</p>
          ) : (
            <ul data-testid="servers">
              {summary.servers.map((server) => (
                <li key={`${server.protocol} ${server.host}`}>
                  {strings.serverLine(server.host, server.reports)}{' '}
                  {server.retentionDays === null ? strings.retentionUnknown : strings.retentionDays(server.retentionDays)}
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
          {strings.exportEverything}
        </button>
        <button type="button" disabled={busy || sentReports === 0} onClick={() => setConfirming('delete-server')}>
          {strings.askServersToDelete}
        </button>
        <button type="button" disabled={busy || totalFiles === 0} onClick={() => setConfirming('delete-local')}>
          {strings.deleteEverything}
        </button>
      </div>

      {confirming !== null && (
        <div role="alertdialog" aria-labelledby="your-data-confirm" className="confirm">
          <p id="your-data-confirm">
            {confirming === 'delete-local' ? strings.confirmDeleteLocal(totalFiles, sentReports) : strings.confirmDeleteServer(sentReports)}
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
            {confirming === 'delete-local' ? strings.confirmDeleteLocalButton : strings.confirmDeleteServerButton}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)}>
            {strings.cancel}
          </button>
        </div>
      )}

      <div role="status" aria-live="polite" data-testid="your-data-status">
        {outcome?.kind === 'exported' && (
          <p>{strings.exported(outcome.result.file, outcome.result.files, formatBytes(outcome.result.sizeBytes))}</p>
        )}
        {outcome?.kind === 'export-cancelled' && <p>{strings.exportCancelled}</p>}
        {outcome?.kind === 'deleted-local' && <p>{strings.deletedLocal(outcome.files)}</p>}
        {outcome?.kind === 'deleted-server' && (
          <p>
            {strings.deletedServer(
              outcome.deletions.filter((deletion) => deletion.ok).length,
              outcome.deletions.filter((deletion) => !deletion.ok).map((deletion) => deletion.reason),
            )}
          </p>
        )}
      </div>
    </section>
  );
}
