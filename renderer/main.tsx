import '../contract/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { candor } from './candor';
import { LocaleProvider } from './i18n/i18n';
import { reportPageErrors } from './page-errors';
import './styles.css';

// In the page's own world, where Chromium dispatches its errors.
reportPageErrors(window);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
const render = (preferred: readonly string[]): void => {
  createRoot(root).render(
    <StrictMode>
      <LocaleProvider preferred={preferred}>
        <App />
      </LocaleProvider>
    </StrictMode>,
  );
};
// The desktop app says the system's languages; a browser (preview) has its own. Without the API
// (a preload that failed) the app still renders, and says what is wrong.
const systemLanguages = async (): Promise<readonly string[]> => (await candor().getAppInfo()).preferredLanguages ?? navigator.languages;
systemLanguages().then(render, () => render(navigator.languages));
