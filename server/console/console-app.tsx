import { useCallback, useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { useI18n } from '../../renderer/i18n/i18n';
import { LanguageSelect } from '../../renderer/i18n/language-select';
import { ManifestPage } from './manifest-page';
import { MinidumpPage } from './minidump-page';
import { MissingSymbolsPage } from './missing-symbols-page';
import { ReportPage } from './report-page';
import { ReportsPage } from './reports-page';
import { ReviewApi, ReviewCallError, SignedOutError } from './review-api';

/** Kept for this tab only: closing it signs the reviewer out. */
const TOKEN_KEY = 'candor-reviewer-token';

/**
 * A reviewer token handed over in the address's fragment (`#token=…`, as `npm run demo` prints
 * it): a fragment never reaches the server or its logs. It is taken once and removed from the
 * address at once, so it stays in neither history nor a copied link.
 */
function takeTokenFromFragment(): string | null {
  const match = /^#token=([\w-]+)$/.exec(window.location.hash);
  if (match?.[1] === undefined) return null;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  sessionStorage.setItem(TOKEN_KEY, match[1]);
  return match[1];
}

type Route = { page: 'list' } | { page: 'missing-symbols' } | { page: 'manifest' } | { page: 'report' | 'minidump'; id: string };

function currentRoute(): Route {
  const match = /^#\/(reports|minidumps)\/([0-9a-f-]{36})$/.exec(window.location.hash);
  if (match?.[2] !== undefined) return { page: match[1] === 'reports' ? 'report' : 'minidump', id: match[2] };
  if (window.location.hash === '#/missing-symbols') return { page: 'missing-symbols' };
  return window.location.hash === '#/what-candor-sends' ? { page: 'manifest' } : { page: 'list' };
}

function SignIn({ problem, onToken }: { problem: string | null; onToken: (token: string) => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (token.trim() !== '') onToken(token.trim());
  };
  return (
    <form onSubmit={submit} aria-label={t('console.signIn')}>
      <h2>{t('console.signIn')}</h2>
      <p>{t('console.signInHint')}</p>
      <label>
        {t('console.reviewerToken')}
        <input type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} />
      </label>
      <button type="submit">{t('console.signIn')}</button>
      {problem !== null && <p role="alert">{problem}</p>}
    </form>
  );
}

/** The review console: sign in with a reviewer token, list and filter reports, open one, delete it. */
export function ConsoleApp() {
  const { t, notice, failure } = useI18n();
  const [token, setToken] = useState<string | null>(() => takeTokenFromFragment() ?? sessionStorage.getItem(TOKEN_KEY));
  const [problem, setProblem] = useState<string | null>(null);
  const [route, setRoute] = useState(currentRoute);
  const api = useMemo(() => (token === null ? null : new ReviewApi(token)), [token]);

  useEffect(() => {
    const onHashChange = (): void => setRoute(currentRoute());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const signIn = (value: string): void => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setProblem(null);
    setToken(value);
  };
  const signOut = useCallback((reason: string | null): void => {
    sessionStorage.removeItem(TOKEN_KEY);
    setProblem(reason);
    setToken(null);
  }, []);
  /** What a page does with a failed call: a refused token signs out, anything else is the page's to show. */
  const onFailure = useCallback(
    (error: unknown): string => {
      if (error instanceof SignedOutError) signOut(t('console.tokenRefused'));
      return error instanceof ReviewCallError ? notice(error.notice) : failure(error);
    },
    [signOut, t, notice, failure],
  );

  return (
    <main className="console">
      <header>
        <h1>{t('console.title')}</h1>
        <p>{t('console.tagline')}</p>
        {api !== null && (
          <nav aria-label={t('console.navigation')} className="console-nav">
            <a href="#/">{t('console.navReports')}</a>
            <a href="#/missing-symbols">{t('console.navMissingSymbols')}</a>
            <a href="#/what-candor-sends">{t('console.navManifest')}</a>
            <button type="button" onClick={() => signOut(null)}>
              {t('console.signOut')}
            </button>
          </nav>
        )}
        <LanguageSelect className="language" />
      </header>
      {api === null ? (
        <SignIn problem={problem} onToken={signIn} />
      ) : route.page === 'report' ? (
        <ReportPage key={route.id} api={api} id={route.id} onFailure={onFailure} />
      ) : route.page === 'minidump' ? (
        <MinidumpPage key={route.id} api={api} id={route.id} onFailure={onFailure} />
      ) : route.page === 'missing-symbols' ? (
        <MissingSymbolsPage api={api} onFailure={onFailure} />
      ) : route.page === 'manifest' ? (
        <ManifestPage />
      ) : (
        <ReportsPage api={api} onFailure={onFailure} />
      )}
    </main>
  );
}
