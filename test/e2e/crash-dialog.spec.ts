import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ReportListSchema, ReviewedReportSchema } from '../../contract/review';
import { startInitialisedServer, type InitialisedServer } from '../helpers/candor-server-process';
import { crashFileWithDumpAndLog } from './helpers/crash-files';
import { startPreviewServer, type PreviewServer } from './helpers/preview-server';

let server: InitialisedServer;
let preview: PreviewServer;
/** The preview's options to send to the real server with its ingest key. */
const sendingTo = (): string[] => ['--endpoint', server.endpoint, '--key', server.ingestKey];

test.beforeEach(async () => {
  server = await startInitialisedServer();
  preview = await startPreviewServer(sendingTo());
});

test.afterEach(async () => {
  await preview.stop();
  await server.stop();
});

async function received(): Promise<{ id: string; sha256: string }[]> {
  return ReportListSchema.parse((await server.review('reports')).body).reports;
}

async function digestShown(page: Page): Promise<string> {
  const digest = page.getByTestId('digest');
  await expect(digest).toHaveText(/^[0-9a-f]{64}$/);
  // The report is rebuilt a moment after a change; wait until the region is settled.
  await expect(page.getByRole('region', { name: 'Exactly what will be sent' })).toHaveAttribute('aria-busy', 'false');
  return (await digest.textContent()) ?? '';
}

test('the dialog says what happened in plain words, with the sample crash labelled as such', async ({ page }) => {
  await page.goto(preview.url);
  await expect(page.getByRole('heading', { name: 'Send a crash report?' })).toBeVisible();
  await expect(page.getByTestId('crash-summary')).toContainText(
    'A window of Sample App (a sample crash for npm run preview) stopped working.',
  );
  await expect(page.getByRole('textbox', { name: 'Comment' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeVisible();
  await digestShown(page);
  // The home folder in the sample stack never reaches the bytes on screen, nor the technical details.
  await expect(page.getByTestId('raw-bytes')).not.toContainText(process.env.HOME ?? '/root');
  await page.getByText('Technical details').click();
  await expect(page.getByTestId('technical-details')).toContainText('TypeError: This is a sample crash');
  await expect(page.getByTestId('technical-details')).toContainText('at countWords');
  await expect(page.getByTestId('technical-details')).not.toContainText(process.env.HOME ?? '/root');
});

test('every switch changes the bytes and the digest on screen', async ({ page }) => {
  await preview.stop();
  preview = await startPreviewServer([...sendingTo(), '--crash-file', await crashFileWithDumpAndLog()]);
  await page.goto(preview.url);
  for (const name of ['This computer', 'Browsers', '.NET', 'Logs', 'The crash dump', 'Your email address']) {
    const before = await digestShown(page);
    const bytesBefore = await page.getByTestId('raw-bytes').textContent();
    await page.getByRole('switch', { name }).click();
    await expect(page.getByTestId('digest')).not.toHaveText(before);
    await digestShown(page);
    expect(await page.getByTestId('raw-bytes').textContent(), name).not.toBe(bytesBefore);
  }
});

test("Don't send sends nothing", async ({ page }) => {
  await page.goto(preview.url);
  await digestShown(page);
  await page.getByRole('button', { name: "Don't send" }).click();
  await expect(page.getByText('No crash is waiting.')).toBeVisible();
  await page.waitForTimeout(300);
  expect(await received()).toEqual([]);
});

test('Send delivers the very bytes on screen, and History shows the receipt', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 700 });
  await page.goto(preview.url);
  await page.getByRole('textbox', { name: 'Comment' }).fill('I was saving a file');
  await expect(page.getByTestId('raw-bytes')).toContainText('I was saving a file');
  const digest = await digestShown(page);
  const bytes = await page.getByTestId('raw-bytes').textContent();
  await page.getByText('What Candor collects').scrollIntoViewIfNeeded();
  // Sent from far down the page, the result still comes into view and takes focus.
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeInViewport();
  await expect(page.getByTestId('receipt')).toContainText(digest);

  const stored = await received();
  expect(stored.map((report) => report.sha256)).toEqual([digest]);
  expect(ReviewedReportSchema.parse((await server.review(`reports/${stored[0]?.id ?? ''}`)).body).bytes).toBe(bytes);

  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('history')).toContainText(`SHA-256 ${digest}`);
  await expect(page.getByTestId('report-state')).toHaveText('Sent');

  // Export gives the bundle as a zip: the exact bytes, the attachments, and a manifest.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const zipPath = await (await download).path();
  const report = execFileSync('python3', [
    '-c',
    'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("report.json"))',
    zipPath,
  ]);
  expect(report.toString('utf8')).toBe(bytes);

  // Delete from server uses the deletion token of the receipt.
  await page.getByRole('button', { name: 'Delete from server' }).click();
  await expect(page.getByText(/: The server deleted it\.$/)).toBeVisible();
  expect(await received()).toEqual([]);
  await expect(page.getByTestId('report-state')).toHaveText('Deleted from the server');
  // Deleted here too: History still says what became of it, with nothing left to do.
  await page.getByRole('button', { name: 'Delete from this computer' }).click();
  await expect(page.getByTestId('history')).toContainText('No copy is kept on this computer.');
  await expect(page.getByTestId('report-state')).toHaveText('Deleted from the server');
  await expect(page.getByTestId('history').getByRole('button')).toHaveCount(0);
});

test('Withdraw consent empties the queue', async ({ page }) => {
  // A server that cannot be reached: the report waits in the outbox.
  await preview.stop();
  preview = await startPreviewServer(['--endpoint', 'http://127.0.0.1:9/api/v1/reports', '--key', server.ingestKey]);
  await page.goto(preview.url);
  await digestShown(page);
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report queued' })).toBeVisible();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('report-state')).toHaveText('Waiting to be sent');

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  // Withdraw says what it will do and waits for a yes.
  const plan = page.getByRole('alertdialog');
  await expect(plan).toContainText('It deletes the 1 report waiting to be sent');
  await expect(plan).toContainText('asks the servers to delete the 0 reports they received');
  await page.getByRole('button', { name: 'Yes, withdraw my consent' }).click();
  await expect(
    page.getByText(/Consent withdrawn\. 1 unsent report deleted, and 1 copy on this computer of reports never sent/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('report-state')).toHaveText('Withdrawn before it was sent');
  await expect(page.getByTestId('history').getByRole('button')).toHaveCount(0);
});

test('a dump with personal data in its memory: the dialog says so beside its switch, and "Send the stack only" changes the bytes and digest', async ({
  page,
}) => {
  await preview.stop();
  preview = await startPreviewServer([...sendingTo(), '--crash-file', await crashFileWithDumpAndLog()]);
  await page.goto(preview.url);
  await expect(page.getByTestId('crash-summary')).toContainText('A window of Example Editor stopped working.');
  await expect(page.getByTestId('dump-headline')).toContainText('electron crashed with SIGILL on Linux');
  const dumpPart = page.getByTestId('part-minidump');
  const warning = dumpPart.getByTestId('dump-personal-data');
  await expect(warning).toContainText('personal data that Candor cannot scrub');
  await expect(warning).toContainText('your user name in the memory');
  // "What we removed" says it covers text, not what the dump carries.
  await expect(page.getByTestId('removed-covers-text')).toContainText('A crash dump is sent as it is');
  const full = await digestShown(page);
  const bytesBefore = await page.getByTestId('raw-bytes').textContent();
  await warning.getByRole('button', { name: 'Send the stack only' }).click();
  await expect(page.getByTestId('digest')).not.toHaveText(full);
  await digestShown(page);
  expect(await page.getByTestId('raw-bytes').textContent()).not.toBe(bytesBefore);
  await expect(page.getByTestId('raw-bytes')).toContainText('"variant":"stack-only"');
  await expect(dumpPart.getByRole('combobox', { name: 'Crash dump contents' })).toHaveValue('stack-only');
  await expect(warning).toHaveCount(0);
});

test('no serious or critical accessibility violations on any screen', async ({ page }) => {
  await page.goto(preview.url);
  await digestShown(page);
  for (const screen of ['Report', 'History', 'Settings']) {
    await page.getByRole('button', { name: screen, exact: true }).click();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(
      serious.map((violation) => `${violation.id}: ${violation.help}`),
      screen,
    ).toEqual([]);
  }
});

/** The element lies wholly inside the window as it first opens, with nothing scrolled. */
async function inView(page: Page, name: string, locator: ReturnType<Page['getByRole']>): Promise<string | null> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (box === null || size === null) return `${name}: not rendered`;
  const fits = box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
  return fits ? null : `${name}: at ${Math.round(box.x)},${Math.round(box.y)} size ${Math.round(box.width)}×${Math.round(box.height)}`;
}

test("the crash sentence, the comment, Send report and Don't send are in view without scrolling: dialog window and preview, light and dark", async ({
  browser,
}) => {
  await preview.stop();
  preview = await startPreviewServer([...sendingTo(), '--crash-file', await crashFileWithDumpAndLog()]);
  const out = path.join('test', 'artifacts');
  mkdirSync(out, { recursive: true });
  const layouts = [
    // The desktop app's dialog window (main/electron/shell.ts opens it at 640×780) shows the dialog alone.
    { name: 'dialog-window', viewport: { width: 640, height: 780 }, hash: '#crash-dialog' },
    // npm run preview, with the app's header above the dialog.
    { name: 'preview', viewport: { width: 640, height: 780 }, hash: '' },
    { name: 'preview', viewport: { width: 480, height: 800 }, hash: '' },
  ];
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const layout of layouts) {
      const context = await browser.newContext({ colorScheme, viewport: layout.viewport });
      const page = await context.newPage();
      await page.goto(preview.url);
      if (layout.hash !== '') {
        // Signed in by the link; the dialog window's page is the same app under its own hash.
        await page.goto(new URL(`/${layout.hash}`, page.url()).toString());
      }
      await digestShown(page);
      // A crash with a minidump and a log, as the case asks.
      await expect(page.getByTestId('part-minidump')).toBeVisible();
      await expect(page.getByTestId('part-logs')).toBeVisible();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const misplaced = (
        await Promise.all([
          inView(page, 'crash sentence', page.getByTestId('crash-summary')),
          inView(page, 'comment', page.getByRole('textbox', { name: 'Comment' })),
          inView(page, 'Send report', page.getByRole('button', { name: 'Send report' })),
          inView(page, "Don't send", page.getByRole('button', { name: "Don't send" })),
        ])
      ).filter((problem) => problem !== null);
      const label = `${layout.name}-${colorScheme}-${layout.viewport.width}x${layout.viewport.height}`;
      await page.screenshot({ path: path.join(out, `crash-dialog-${label}.png`) });
      expect(misplaced, label).toEqual([]);
      // Nothing is wider than the window.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        label,
      ).toBeLessThanOrEqual(0);
      await context.close();
    }
  }
});

test('Report a problem, with no crash, ends with a support code the user can quote', async ({ page }) => {
  await preview.stop();
  preview = await startPreviewServer([...sendingTo(), '--no-sample-crash']);
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Report a problem' }).click();
  await expect(page.getByRole('heading', { name: 'Report a problem' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Comment' }).fill('Support asked me to send diagnostics');
  await expect(page.getByTestId('raw-bytes')).toContainText('Support asked me to send diagnostics');
  await expect(page.getByTestId('raw-bytes')).not.toContainText('"crash"');
  const digest = await digestShown(page);
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
  const code = (await page.getByTestId('support-code').textContent()) ?? '';
  expect(await received()).toEqual([expect.objectContaining({ id: code, sha256: digest })]);
});

test('the dialog stays usable at 200 % zoom', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(preview.url);
  await digestShown(page);
  await page.evaluate(() => {
    document.documentElement.style.zoom = '200%';
  });
  const send = page.getByRole('button', { name: 'Send report' });
  await send.scrollIntoViewIfNeeded();
  await expect(send).toBeVisible();
  // Nothing spills sideways: the page scrolls down, not across.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join('test', 'artifacts', 'crash-dialog-zoom-200.png') });
});
