import { useEffect, useState } from 'react';
import type { MissingSymbolsList } from '../../contract/review';
import { useI18n } from '../../renderer/i18n/i18n';
import type { ReviewApi } from './review-api';

type Loaded = { status: 'loading' } | { status: 'ready'; list: MissingSymbolsList } | { status: 'failed'; message: string };

/** The symbol files the most crashes lack: what to upload next (with symupload, or candor-server symbols add). */
export function MissingSymbolsPage({ api, onFailure }: { api: ReviewApi; onFailure: (error: unknown) => string }) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    api.missingSymbols().then(
      (list) => setLoaded({ status: 'ready', list }),
      (error: unknown) => setLoaded({ status: 'failed', message: onFailure(error) }),
    );
  }, [api, onFailure]);
  return (
    <article aria-label={t('console.navMissingSymbols')}>
      <p>
        <a href="#/">{t('console.backToReports')}</a>
      </p>
      <h2>{t('console.navMissingSymbols')}</h2>
      <p>{t('console.missingSymbolsIntro')}</p>
      {loaded.status === 'loading' && <p role="status">{t('loading')}</p>}
      {loaded.status === 'failed' && <p role="alert">{t('console.listNotLoaded', { reason: loaded.message })}</p>}
      {loaded.status === 'ready' &&
        (loaded.list.length === 0 ? (
          <p>{t('console.noMissingSymbols')}</p>
        ) : (
          <div className="table-scroll">
            <table aria-label={t('console.navMissingSymbols')}>
              <thead>
                <tr>
                  <th scope="col">{t('console.debugFile')}</th>
                  <th scope="col">{t('console.debugId')}</th>
                  <th scope="col">{t('console.crashesNeedingIt')}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.list.map((entry) => (
                  <tr key={`${entry.debugFile}/${entry.debugId}`} data-testid="missing-symbols-row">
                    <td>{entry.debugFile}</td>
                    <td className="signature">{entry.debugId}</td>
                    <td>{entry.crashes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </article>
  );
}
