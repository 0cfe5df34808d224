import { useEffect, useState } from 'react';
import type { AppInfo } from '../contract/app-info';
import type { CrashEvent } from '../contract/crash-event';
import type { AutomaticSendNotice } from '../contract/report-flow';
import { candor } from './candor';
import { AboutPanel } from './features/about/about-panel';
import { CrashDialog } from './features/crash-dialog/crash-dialog';
import { DiagnosticsPanel } from './features/diagnostics/diagnostics-panel';
import { HistoryView } from './features/history/history-view';
import { SettingsView } from './features/settings/settings-view';
import { useI18n } from './i18n/i18n';

type Loaded = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; message: string };
type View = 'report' | 'history' | 'settings';

export function App() {
  const { t, failure: describeFailure } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [pendingCrash, setPendingCrash] = useState<CrashEvent | null>(null);
  const [view, setView] = useState<View>('report');
  const [reportingProblem, setReportingProblem] = useState(false);
  const [notice, setNotice] = useState<AutomaticSendNotice | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);

  const refreshPending = (): void => {
    candor()
      .getPendingCrash()
      .then(setPendingCrash, () => undefined);
  };

  useEffect(() => {
    const api = candor();
    let active = true;
    // Subscribed before asking, so a crash recorded in between is not missed.
    const unsubscribe = api.onCrashPending((crash) => setPendingCrash(crash));
    const unsubscribeNotice = api.onReportSentAutomatically(setNotice);
    Promise.all([api.getAppInfo(), api.getPendingCrash()])
      .then(([info, crash]) => {
        if (!active) return;
        setLoaded({ status: 'ready', info });
        setPendingCrash((current) => current ?? crash);
      })
      .catch((error: unknown) => {
        if (active) setLoaded({ status: 'failed', message: describeFailure(error) });
      });
    return () => {
      active = false;
      unsubscribe();
      unsubscribeNotice();
    };
  }, []);

  // The desktop app's dialog window shows the crash dialog alone.
  const dialogOnly = window.location.hash === '#crash-dialog';

  const done = (): void => {
    setReportingProblem(false);
    setPendingCrash(null);
    refreshPending();
  };

  if (dialogOnly) {
    return (
      <main>
        {pendingCrash === null ? (
          <p>{t('noPendingCrash')}</p>
        ) : (
          <CrashDialog key={pendingCrash.id} crash={pendingCrash} onDone={() => window.close()} />
        )}
      </main>
    );
  }

  return (
    <main>
      <header>
        <h1>{t('appTitle')}</h1>
        <p>{t('tagline')}</p>
        <nav aria-label={t('navigation')}>
          {(['report', 'history', 'settings'] as const).map((name) => (
            <button key={name} type="button" aria-current={view === name ? 'page' : undefined} onClick={() => setView(name)}>
              {name === 'report' ? t('navReport') : name === 'history' ? t('navHistory') : t('navSettings')}
            </button>
          ))}
        </nav>
      </header>
      {notice !== null && (
        <section role="status" aria-live="polite" className="notice" data-testid="auto-sent-notice">
          <p>{t('autoSentNotice', { app: notice.app.name, host: notice.destination.host })}</p>
          <button
            type="button"
            onClick={() => {
              setHighlight(notice.reportId);
              setView('history');
              setNotice(null);
            }}
          >
            {t('autoSentShow')}
          </button>
          <button type="button" onClick={() => setNotice(null)}>
            {t('autoSentDismiss')}
          </button>
        </section>
      )}
      {view === 'history' && <HistoryView highlightReportId={highlight} />}
      {view === 'settings' && <SettingsView />}
      {view === 'report' && (
        <>
          {/* The dialog says what happened; this region only says, when nothing did, that nothing is waiting. */}
          <section aria-live="polite" aria-label={t('statusLabel')}>
            {pendingCrash === null && <p>{t('noPendingCrash')}</p>}
          </section>
          {pendingCrash !== null && <CrashDialog key={pendingCrash.id} crash={pendingCrash} onDone={done} />}
          {pendingCrash === null && !reportingProblem && (
            <button type="button" onClick={() => setReportingProblem(true)}>
              {t('reportProblem')}
            </button>
          )}
          {pendingCrash === null && reportingProblem && <CrashDialog key="problem" crash={null} onDone={done} />}
          {loaded.status === 'loading' && <p>{t('loading')}</p>}
          {loaded.status === 'failed' && (
            <section role="alert">
              <h2>{t('errorHeading')}</h2>
              <p>{loaded.message}</p>
            </section>
          )}
          {loaded.status === 'ready' && <AboutPanel info={loaded.info} />}
          <DiagnosticsPanel />
        </>
      )}
    </main>
  );
}
