import { useEffect, useState } from 'react';
import type { AppInfo } from '../contract/app-info';
import type { CrashEvent } from '../contract/crash-event';
import { candor } from './candor';
import { describeError } from './describe-error';
import { AboutPanel } from './features/about/about-panel';
import { describeCrash } from './features/crash-dialog/describe-crash';
import { DiagnosticsPanel } from './features/diagnostics/diagnostics-panel';
import { strings } from './strings';

type Loaded = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; message: string };

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [pendingCrash, setPendingCrash] = useState<CrashEvent | null>(null);

  useEffect(() => {
    const api = candor();
    let active = true;
    // Subscribed before asking, so a crash recorded in between is not missed.
    const unsubscribe = api.onCrashPending((crash) => setPendingCrash(crash));
    Promise.all([api.getAppInfo(), api.getPendingCrash()])
      .then(([info, crash]) => {
        if (!active) return;
        setLoaded({ status: 'ready', info });
        setPendingCrash((current) => current ?? crash);
      })
      .catch((error: unknown) => {
        if (active) setLoaded({ status: 'failed', message: describeError(error) });
      });
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
            <p data-testid="pending-crash-summary">{describeCrash(pendingCrash)}</p>
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
      <DiagnosticsPanel />
    </main>
  );
}
