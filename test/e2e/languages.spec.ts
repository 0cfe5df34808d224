import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
const en = JSON.parse(readFileSync(new URL('../../contract/messages/en.json', import.meta.url), 'utf8')) as Record<string, string>;

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

test('what the services and the server say is worded in the user’s language, the server’s own words quoted', async ({ browser }) => {
  // A wrong ingest key: the real candor-server refuses the report with 401 and its own words.
  const preview = await startPreview([
    '--endpoint',
    server().endpoint,
    '--key',
    'not-the-right-key',
    '--crash-file',
    await crashFileWithDumpAndLog(),
  ]);
  const page = await newPage(browser, { locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  await page.goto(preview.url);
  await digestShown(page);
  // The dump's headline is worded from its facts, not taken as the service wrote it in English.
  await expect(page.getByTestId('dump-headline')).toHaveText(/^electron ist mit SIGILL abgestürzt \(auf Linux .+\)\.$/);
  await page.getByRole('button', { name: 'Bericht senden' }).click();
  const refused = 'Der Server antwortete 401: „a valid ingest key is required“';
  await expect(page.getByText(refused)).toBeVisible();
  await page.getByRole('button', { name: 'Verlauf', exact: true }).click();
  await expect(page.getByTestId('report-state')).not.toBeEmpty();
  await expect(page.getByText(refused)).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'history-de-not-sent-1280x800.png'), fullPage: true });
  // A request the app refuses says why in German too.
  await page.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await page.getByLabel('Server-URL (für Sentry eine DSN)').fill('http://reports.example.com/');
  await page.getByRole('button', { name: 'Ziel speichern' }).click();
  await expect(page.getByText('An http://reports.example.com/ werden keine Berichte gesendet')).toBeVisible();

  // The same refusal in Arabic, and the English words nowhere.
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('ar');
  await page.getByRole('button', { name: 'السجل', exact: true }).click();
  await expect(page.getByText('أجاب الخادم بالرمز 401: «a valid ingest key is required»')).toBeVisible();
  await expect(page.getByText('The server answered')).toHaveCount(0);
  await page.context().close();
});

test('the privacy policy in the reader’s language: Candor’s own in German and Arabic; a vendor’s English-only one says so', async ({
  browser,
}) => {
  const first = await startPreview(['--endpoint', server().endpoint, '--key', server().ingestKey]);
  const page = await newPage(browser, { locale: 'de-DE', viewport: { width: 1280, height: 800 } });
  await page.goto(first.url);
  await page.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  const settings = page.getByRole('region', { name: 'Einstellungen' });
  await settings.getByText('Datenschutzerklärung lesen: Datenschutzerklärung von Candor, Version 2026-11-01').click();
  await expect(settings.getByRole('heading', { name: '§8 Ihre Rechte: einsehen, exportieren und löschen' })).toBeVisible();
  await expect(settings.getByTestId('policy-language')).toHaveCount(0);
  await expect(settings.getByTestId('privacy-policy-text').locator('[lang="de"]')).toHaveCount(1);

  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('ar');
  const arabic = page.getByRole('region', { name: 'الإعدادات' });
  // The fold stays open across the change of language; its words change with it.
  await expect(arabic.getByText('اقرأ سياسة الخصوصية: سياسة الخصوصية في Candor، الإصدار 2026-11-01')).toBeVisible();
  await expect(arabic.getByRole('heading', { name: '§9 سحب موافقتك' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await first.stop();

  // A vendor that ships its policy in English only: a German reader is told, and the text keeps its language.
  const vendorDir = await mkdtemp(path.join(tmpdir(), 'candor-vendor-'));
  const sections = [
    'scope',
    'crash-details',
    'system-details',
    'your-words',
    'report-keeping',
    'your-choices',
    'destinations',
    'your-rights',
    'withdrawing',
    'retention',
  ];
  writeFileSync(
    path.join(vendorDir, 'policy.md'),
    ['# Acme privacy notice', ...sections.map((id, index) => `## ${index + 1}. Acme on ${id} {#${id}}\n\nAcme's words on ${id}.`)].join(
      '\n\n',
    ),
  );
  writeFileSync(
    path.join(vendorDir, 'candor-vendor.json'),
    JSON.stringify({ schema: 'candor.vendor/1', privacyPolicy: { file: 'policy.md', version: '2027-01' } }),
  );
  const vendor = await startPreview(['--endpoint', server().endpoint, '--key', server().ingestKey], {
    CANDOR_VENDOR_CONFIG: path.join(vendorDir, 'candor-vendor.json'),
  });
  // A new origin: no language chosen there, so the browser's German again.
  await page.goto(vendor.url);
  await page.getByRole('button', { name: 'Einstellungen', exact: true }).click();
  await settings.getByText('Datenschutzerklärung lesen: Acme privacy notice, Version 2027-01').click();
  await expect(settings.getByTestId('policy-language')).toHaveText(
    'Sie ist auf Englisch verfasst: Eine Übersetzung in Ihre Sprache gibt es nicht.',
  );
  await expect(settings.getByTestId('privacy-policy-text').locator('[lang="en"]')).toContainText("Acme's words on your-rights.");
  await page.screenshot({ path: path.join(ARTIFACTS, 'policy-de-vendor-english-1280x800.png'), fullPage: true });
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

test('the review console in German and Arabic: the report page, the list and a report the server lacks, axe clean, with screenshots', async ({
  browser,
}) => {
  const preview = await previewWithCrash();
  const app = await newPage(browser, {});
  await app.goto(preview.url);
  await digestShown(app);
  await app.getByRole('button', { name: 'Send report' }).click();
  const reportId = (await app.getByTestId('support-code').textContent()) ?? '';
  await app.getByRole('button', { name: 'History', exact: true }).click();
  await app.screenshot({ path: path.join(ARTIFACTS, 'history-en-1280x800.png'), fullPage: true });
  await app.context().close();

  for (const [locale, signatures, missing] of [
    ['de-DE', 'Absturzsignaturen', 'Der Bericht konnte nicht geladen werden. Der Server antwortete 404: „no such report“'],
    ['ar-EG', 'بصمات الأعطال', 'تعذّر تحميل التقرير. أجاب الخادم بالرمز 404: «no such report»'],
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
    // A report the server does not have: its answer, quoted, inside the reviewer's language.
    await page.goto(`${server().url}/#/reports/00000000-0000-4000-8000-000000000000`);
    await expect(page.getByRole('alert')).toHaveText(missing);
    await page.context().close();
  }
});
