import { useEffect, useState } from 'react';
import type { AppInfo } from '../contract/app-info';
import { isSerializedError } from '../contract/errors';
import type { PendingCrash } from '../contract/pending-crash';
import { candor } from './candor';
import { AboutPanel } from './features/about/about-panel';
import { strings } from './strings';

type Loaded = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; message: string };

function describe(error: unknown): string {
  if (isSerializedError(error) || error instanceof Error) return error.message;
  return String(error);
}

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [pendingCrash, setPendingCrash] = useState<PendingCrash | null>(null);

  useEffect(() => {
    const api = candor();
    let active = true;
    Promise.all([api.getAppInfo(), api.getPendingCrash()])
      .then(([info, crash]) => {
        if (!active) return;
        setLoaded({ status: 'ready', info });
        setPendingCrash((current) => current ?? crash);
      })
      .catch((error: unknown) => {
        if (active) setLoaded({ status: 'failed', message: describe(error) });
      });
    const unsubscribe = api.onCrashPending((crash) => setPendingCrash(crash));
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  return (
    <main>
      <header>
        <h1>{strings.appTitle}</h1>
        <p>{strings.tagline}</p>
      </header>
      <section aria-live="polite" aria-label="Status">
        {pendingCrash === null ? (
          <p>{strings.noPendingCrash}</p>
        ) : (
          <div role="alert">
            <h2>{strings.pendingCrashHeading}</h2>
            <p data-testid="pending-crash-summary">{pendingCrash.summary}</p>
          </div>
        )}
      </section>
      {loaded.status === 'loading' && <p>{strings.loading}</p>}
      {loaded.status === 'failed' && (
        <section role="alert">
          <h2>{strings.errorHeading}</h2>
          <p>{loaded.message}</p>
        </section>
      )}
      {loaded.status === 'ready' && <AboutPanel info={loaded.info} />}
    </main>
  );
}
