import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ReportListSchema, ReviewedReportSchema } from '../../contract/review';
import type { InitialisedServer } from '../helpers/candor-server-process';
import { fixturePath } from '../helpers/fixtures';
import { useServerAndPreview, type PreviewServer } from './helpers/preview-server';

// The whole path with its real parts: the UI in Chromium, the services behind `npm run preview`,
// and a real `candor-server` (SQLite) set up with `candor-server init`, as a new user would.
const fixtures = useServerAndPreview();
let server: InitialisedServer;
let preview: PreviewServer | undefined;

test.beforeEach(() => {
  server = fixtures.server();
});

/** A crash file with a real minidump, written where another program would leave it. */
async function crashFile(appName = 'Example Editor'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'candor-crash-file-'));
  copyFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp'), path.join(dir, 'crash.dmp'));
  const file = path.join(dir, 'crash.json');
  // An absolute path: the crash file itself is moved into the inbox, its dump stays here.
  writeFileSync(
    file,
    JSON.stringify({
      kind: 'native',
      app: { name: appName, version: '2.4.1' },
      processType: 'renderer',
      minidump: path.join(dir, 'crash.dmp'),
    }),
  );
  return file;
}

/** Hands a crash over through the inbox: written elsewhere, then moved in, as README says. */
/**
 * How long a crash handed over through the inbox may take to be picked up and recorded: the
 * preview notices it on its next look, and recording collects diagnostics first. Under a full
 * `npm test` on two cores this passed the default 5 s (about one run in four).
 */
const INBOX_PICKUP_MS = 20_000;

async function dropInInbox(home: string, appName: string): Promise<void> {
  const file = await crashFile(appName);
  const inbox = path.join(home, 'inbox');
  mkdirSync(inbox, { recursive: true });
  renameSync(file, path.join(inbox, `${appName.replace(/\W/g, '-')}.json`));
}

async function digestShown(page: Page): Promise<string> {
  const digest = page.getByTestId('digest');
  await expect(digest).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('region', { name: 'Exactly what will be sent' })).toHaveAttribute('aria-busy', 'false');
  return (await digest.textContent()) ?? '';
}

async function received(): Promise<{ id: string; sha256: string; appName: string }[]> {
  return ReportListSchema.parse((await server.review('reports')).body).reports;
}

test('Send report: the server holds the bytes whose SHA-256 the dialog showed, the console lists them, and History deletes them', async ({
  page,
}) => {
  preview = await fixtures.startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey, '--crash-file', await crashFile()]);
  await page.goto(preview.url);
  await expect(page.getByTestId('destination')).toContainText(`Send goes to ${new URL(server.url).host} over the candor protocol.`);
  const digest = await digestShown(page);
  const bytes = await page.getByTestId('raw-bytes').textContent();
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
  const code = (await page.getByTestId('support-code').textContent()) ?? '';

  const [stored] = await received();
  expect(stored).toMatchObject({ id: code, sha256: digest, appName: 'Example Editor' });
  expect(ReviewedReportSchema.parse((await server.review(`reports/${code}`)).body).bytes).toBe(bytes);

  const console_ = await page.context().newPage();
  await console_.goto(server.url);
  await console_.getByLabel('Reviewer token').fill(server.reviewerToken);
  await console_.getByRole('button', { name: 'Sign in' }).click();
  await expect(console_.getByTestId('report-row')).toHaveCount(1);
  await expect(console_.getByTestId('report-row')).toContainText('Example Editor');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.getByRole('button', { name: "Check the server's copy" }).click();
  await expect(page.getByTestId('history-outcome')).toHaveText(`The server's copy is byte for byte what you approved (SHA-256 ${digest}).`);
  const row = page.getByTestId('history').locator(`#report-${code}`);
  await expect(row).toHaveAttribute('data-state', 'sent');
  await expect(row).toContainText('Example Editor 2.4.1');
  await expect(row).toContainText('A window of Example Editor stopped working.');
  await row.getByRole('button', { name: 'Delete from server' }).click();
  await expect(page.getByText(`Report ${code}: The server deleted it.`)).toBeVisible();
  expect(await received()).toEqual([]);
  // The row says what became of it, and offers no more what the server can no longer do.
  await expect(row).toHaveAttribute('data-state', 'deleted-from-server');
  await expect(row.getByTestId('report-state')).toHaveText('Deleted from the server');
  await expect(row.getByRole('button', { name: 'Delete from server' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: "Check the server's copy" })).toHaveCount(0);
  // The console keeps the reviewer signed in for the tab.
  await console_.reload();
  await expect(console_.getByRole('heading', { name: 'Crash signatures' })).toBeVisible();
  await expect(console_.getByTestId('report-row')).toHaveCount(0);
});

test('a wrong key leaves the report waiting; the key corrected in Settings delivers it, once', async ({ page }) => {
  preview = await fixtures.startPreview(['--crash-file', await crashFile()]);
  await page.goto(preview.url);
  await expect(page.getByTestId('destination')).toHaveText('No report server is set, so nothing can be sent. Set one in Settings.');
  await expect(page.getByRole('button', { name: 'Send report' })).toBeDisabled();

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Server URL (a DSN for Sentry)').fill(server.endpoint);
  await page.getByLabel('Ingest key (leave empty to keep the current one)').fill('not-the-right-key');
  await page.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByTestId('destination-setting')).toContainText(
    `${server.endpoint} (candor protocol), ingest key ending …-key — set here`,
  );

  await page.getByRole('button', { name: 'Report', exact: true }).click();
  const digest = await digestShown(page);
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report waiting for a valid destination' })).toBeVisible();
  await expect(page.getByText('The server answered 401: “a valid ingest key is required”')).toBeVisible();
  expect(await received()).toEqual([]);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Server URL (a DSN for Sentry)').fill(server.endpoint);
  await page.getByLabel('Ingest key (leave empty to keep the current one)').fill(server.ingestKey);
  await page.getByRole('button', { name: 'Save destination' }).click();
  await expect(page.getByText('Saved. Reports waiting for a destination are sent now.')).toBeVisible();
  await expect.poll(async () => (await received()).map((report) => report.sha256)).toEqual([digest]);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history').locator('li')).toHaveAttribute('data-state', 'sent');
  // Once: a further flush sends nothing more.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Server URL (a DSN for Sentry)').fill(server.endpoint);
  await page.getByRole('button', { name: 'Save destination' }).click();
  await page.waitForTimeout(300);
  expect(await received()).toHaveLength(1);
});

test('"Always send": the next crash, handed over through the inbox, arrives with no click, and a notice says so', async ({ page }) => {
  preview = await fixtures.startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey, '--crash-file', await crashFile()]);
  await page.goto(preview.url);
  await digestShown(page);
  await page.getByLabel('Remember my choice').selectOption('always-this-version');
  await expect(page.getByLabel(/Later crashes: send the full crash dump too/)).not.toBeChecked();
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
  await page.getByRole('button', { name: 'OK' }).click();

  // The remembered choice is for this version of the crashed app ("Example Editor 2.4.1").
  await dropInInbox(preview.home, 'Example Editor');
  const notice = page.getByTestId('auto-sent-notice');
  await expect(notice).toContainText(`A crash of Example Editor was reported automatically to ${new URL(server.url).host}, as you chose.`, {
    timeout: INBOX_PICKUP_MS,
  });
  await expect.poll(async () => (await received()).length).toBe(2);
  await expect(page.getByRole('heading', { name: 'Send a crash report?' })).toHaveCount(0);
  await notice.getByRole('button', { name: 'Show in History' }).click();
  await expect(page.locator('li:focus')).toHaveAttribute('data-state', 'sent');
});

test('"Don\'t ask again": the next crash is kept on this computer, nothing arrives, and History shows it', async ({ page }) => {
  preview = await fixtures.startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey, '--crash-file', await crashFile()]);
  await page.goto(preview.url);
  await digestShown(page);
  await page.getByLabel('Remember my choice').selectOption('never-ask');
  await page.getByRole('button', { name: "Don't send" }).click();
  await expect(page.getByText('No crash is waiting.')).toBeVisible();

  await dropInInbox(preview.home, 'Another App');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await page.getByRole('button', { name: 'History', exact: true }).click();
        return page.getByTestId('crash-history').locator('tr[data-status="not-asked"]').count();
      },
      { timeout: INBOX_PICKUP_MS },
    )
    .toBe(1);
  await expect(page.getByTestId('crash-history')).toContainText('Another App 2.4.1');
  await expect(page.getByTestId('crash-history')).toContainText('kept on this computer only (you chose never ask)');
  expect(await received()).toEqual([]);
});

test('a crash file dropped into the inbox under preview opens the dialog on it', async ({ page }) => {
  preview = await fixtures.startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey, '--no-sample-crash']);
  await page.goto(preview.url);
  await expect(page.getByText('No crash is waiting.')).toBeVisible();
  await dropInInbox(preview.home, 'Inbox App');
  await expect(page.getByTestId('crash-summary')).toContainText('Inbox App', { timeout: INBOX_PICKUP_MS });
  await digestShown(page);
});
