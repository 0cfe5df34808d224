import { useEffect, useState } from 'react';
import type { MissingSymbolsList } from '../../contract/review';
import type { ReviewApi } from './review-api';

type Loaded = { status: 'loading' } | { status: 'ready'; list: MissingSymbolsList } | { status: 'failed'; message: string };

/** The symbol files the most crashes lack: what to upload next (with symupload, or candor-server symbols add). */
export function MissingSymbolsPage({ api, onFailure }: { api: ReviewApi; onFailure: (error: unknown) => string }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    api.missingSymbols().then(
      (list) => setLoaded({ status: 'ready', list }),
      (error: unknown) => setLoaded({ status: 'failed', message: onFailure(error) }),
    );
  }, [api, onFailure]);
  return (
    <article aria-label="Missing symbols">
      <p>
        <a href="#/">← All reports</a>
      </p>
      <h2>Missing symbols</h2>
      <p>
        Symbol files the stored crashes need, most wanted first. Upload them with symupload or candor-server symbols add; the crashes are
        walked again.
      </p>
      {loaded.status === 'loading' && <p role="status">Loading…</p>}
      {loaded.status === 'failed' && <p role="alert">The list could not be loaded: {loaded.message}</p>}
      {loaded.status === 'ready' &&
        (loaded.list.length === 0 ? (
          <p>No crash is missing symbols.</p>
        ) : (
          <div className="table-scroll">
            <table aria-label="Missing symbols">
              <thead>
                <tr>
                  <th scope="col">Debug file</th>
                  <th scope="col">Debug id</th>
                  <th scope="col">Crashes that need it</th>
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
