import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { seriousViolations } from './helpers/axe';
import { crashFileWithDumpAndLog } from './helpers/crash-files';
import { useServerAndPreview, type PreviewServer } from './helpers/preview-server';

// Both UIs in the user's language (issue 20): German and Arabic chosen by the browser's languages
// (navigator.languages, what preview and the console follow), Settings' override, and the
// pseudo-locale that shows what is not translated and what does not fit. Real Chromium, the
// services behind `npm run preview`, a real candor-server.
const { server, startPreview } = useServerAndPreview();
const ARTIFACTS = path.join('test', 'artifacts');
const en = JSON.parse(readFileSync(new URL('../../renderer/i18n/messages/en.json', import.meta.url), 'utf8')) as Record<string, string>;

/** Every screen of the app, by its button in the header, in the page's language. */
const SCREENS = {
  en: ['Report', 'History', 'Settings'],
  de: ['Bericht', 'Verlauf', 'Einstellungen'],
  ar: ['تقرير', 'السجل', 'الإعدادات'],
} as const;

/** Preview sending to the real server, with a native crash (dump and log) handed over. */
async function previewWithCrash(): Promise<PreviewServer> {
  return startPreview(['--endpoint', server().endpoint, '--key', server().ingestKey, '--crash-file', await crashFileWithDumpAndLog()]);
}

async function newPage(browser: Browser, options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

async function digestShown(page: Page): Promise<void> {
  await expect(page.getByTestId('digest')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.locator('section.exact')).toHaveAttribute('aria-busy', 'false');
}

/** The element lies wholly inside the window as it first opens. */
async function inView(page: Page, selector: ReturnType<Page['getByRole']>): Promise<boolean> {
  const box = await selector.boundingBox();
  const size = page.viewportSize();
  return box !== null && size !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

/** Nothing wider than the window: the page scrolls down, never across. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('Arabic, from the browser’s languages: right to left, the dialog’s buttons named in Arabic and in view, axe clean on every screen', async ({
  browser,
}) => {
  const preview = await previewWithCrash();
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const layout of [
      { name: 'dialog-window', viewport: { width: 640, height: 780 }, hash: '#crash-dialog' },
      { name: 'preview', viewport: { width: 480, height: 800 }, hash: '' },
    ]) {
      const page = await newPage(browser, { locale: 'ar-EG', colorScheme, viewport: layout.viewport });
      await page.goto(preview.url);
      if (layout.hash !== '') await page.goto(new URL(`/${layout.hash}`, page.url()).toString());
      await digestShown(page);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
      await expect(page.getByRole('heading', { name: 'هل تريد إرسال تقرير العطل؟' })).toBeVisible();
      const send = page.getByRole('button', { name: 'إرسال التقرير' });
      const dontSend = page.getByRole('button', { name: 'عدم الإرسال' });
      expect(await inView(page, send), `${layout.name} ${colorScheme}: send`).toBe(true);
      expect(await inView(page, dontSend), `${layout.name} ${colorScheme}: don't send`).toBe(true);
      // Right to left: Send sits to the right of Don't send.
      const [sendBox, dontSendBox] = [await send.boundingBox(), await dontSend.boundingBox()];
      expect((sendBox?.x ?? 0) > (dontSendBox?.x ?? 0)).toBe(true);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(ARTIFACTS, `crash-dialog-ar-${layout.name}-${colorScheme}-${layout.viewport.width}x${layout.viewport.height}.png`),
      });
      await page.context().close();
    }
  }

  const page = await newPage(browser, { locale: 'ar-EG', viewport: { width: 1280, height: 800 } });
  await page.goto(preview.url);
  await digestShown(page);
  for (const screen of SCREENS.ar) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    expect(await seriousViolations(page), screen).toEqual([]);
    expect(await horizontalOverflow(page), screen).toBeLessThanOrEqual(0);
  }
  await page.context().close();
});

test('German, from the browser’s languages, on every screen; Settings switches to English and it stays chosen', async ({ browser }) => {
  const preview = await previewWithCrash();
  const page = await newPage(browser, { locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  await page.goto(preview.url);
  await digestShown(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Absturzbericht senden?' })).toBeVisible();
  await expect(page.getByTestId('crash-summary')).toContainText('Ein Fenster von Example Editor funktioniert nicht mehr.');
  await expect(page.getByTestId('dump-personal-data')).toContainText('Ihr Benutzername in dem Speicher');
  for (const screen of SCREENS.de) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    expect(await seriousViolations(page), screen).toEqual([]);
  }
  // The report's bytes stay language-neutral: keys and values as in English.
  await page.getByRole('button', { name: 'Bericht', exact: true }).click();
  await expect(page.getByTestId('raw-bytes')).toContainText('"schema":"candor.report/1"');
  await expect(page.getByTestId('raw-bytes')).not.toContainText('Absturz');

  await page.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Send a crash report?' })).toBeVisible();
  await page.context().close();
});

test('the pseudo-locale: every text comes from the catalogue and nothing is wider than the window, app and console', async ({
  browser,
}) => {
  const preview = await previewWithCrash();
  // English messages with words of their own (not just arguments): none may show through.
  const english = Object.values(en).filter((message) => !message.includes('{') && (message.match(/[A-Za-z]{3,}/g)?.length ?? 0) >= 2);
  const untranslated = async (page: Page): Promise<string[]> => {
    const text = await page.locator('body').innerText();
    return english.filter((message) => text.includes(message));
  };
  const pseudo = { viewport: { width: 480, height: 800 } };
  const page = await newPage(browser, pseudo);
  await page.addInitScript(() => window.localStorage.setItem('candor.language', 'en-XA'));
  await page.goto(preview.url);
  await digestShown(page);
  for (const [index, screen] of SCREENS.en.entries()) {
    // The header's buttons are pseudo-translated too: find each by its position.
    await page.getByRole('navigation').getByRole('button').nth(index).click();
    await page.waitForTimeout(200);
    expect(await untranslated(page), screen).toEqual([]);
    expect(await horizontalOverflow(page), screen).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, `pseudo-${screen.toLowerCase()}-480x800.png`), fullPage: true });
  }
  // Send, so History and the console have a report to show.
  await page.getByRole('navigation').getByRole('button').nth(0).click();
  await digestShown(page);
  await page.locator('.decision button.primary').click();
  await expect(page.getByTestId('support-code')).toHaveText(/^[0-9a-f-]{36}$/);
  const reportId = (await page.getByTestId('support-code').textContent()) ?? '';
  await page.getByRole('navigation').getByRole('button').nth(1).click();
  await expect(page.getByTestId('report-state')).toHaveText(/^\[.+\]$/);
  expect(await untranslated(page)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'pseudo-history-sent-480x800.png'), fullPage: true });
  await page.context().close();

  const consolePage = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await consolePage.addInitScript(() => window.localStorage.setItem('candor.language', 'en-XA'));
  await consolePage.goto(`${server().url}/#token=${server().reviewerToken}`);
  await expect(consolePage.getByTestId('report-row')).toHaveCount(1);
  expect(await untranslated(consolePage)).toEqual([]);
  await consolePage.goto(`${server().url}/#/reports/${reportId}`);
  await expect(consolePage.getByTestId('report-signature')).not.toBeEmpty();
  expect(await untranslated(consolePage)).toEqual([]);
  expect(await horizontalOverflow(consolePage)).toBeLessThanOrEqual(0);
  await consolePage.context().close();
});

test('the review console in German and Arabic: the report page and the list, axe clean, with screenshots', async ({ browser }) => {
  const preview = await previewWithCrash();
  const app = await newPage(browser, {});
  await app.goto(preview.url);
  await digestShown(app);
  await app.getByRole('button', { name: 'Send report' }).click();
  const reportId = (await app.getByTestId('support-code').textContent()) ?? '';
  await app.getByRole('button', { name: 'History', exact: true }).click();
  await app.screenshot({ path: path.join(ARTIFACTS, 'history-en-1280x800.png'), fullPage: true });
  await app.context().close();

  for (const [locale, signatures] of [
    ['de-DE', 'Absturzsignaturen'],
    ['ar-EG', 'بصمات الأعطال'],
  ] as const) {
    const page = await newPage(browser, { locale, viewport: { width: 1280, height: 800 } });
    await page.goto(`${server().url}/#token=${server().reviewerToken}`);
    await expect(page.getByRole('heading', { name: signatures })).toBeVisible();
    expect(await seriousViolations(page), `${locale} list`).toEqual([]);
    await page.goto(`${server().url}/#/reports/${reportId}`);
    await expect(page.getByTestId('report-signature')).not.toBeEmpty();
    await expect(page.getByTestId('triage-facts')).toContainText('Example Editor 2.4.1');
    expect(await seriousViolations(page), `${locale} report`).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, `console-report-${locale}.png`), fullPage: true });
    await page.context().close();
  }
});
