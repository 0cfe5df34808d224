import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ConsentLedger } from '../../main/privacy/consent';
import { sha256Hex } from '../../main/report/build-report';
import type { Bundle } from '../../main/report/bundle';
import { deliver } from '../../main/upload/deliver';
import { approve } from '../helpers/approve';
import { builtFile } from '../helpers/built';
import { startCandorServer, type CandorServerProcess } from '../helpers/candor-server-process';
import { fixturePath } from '../helpers/fixtures';
import { sampleBundle } from '../helpers/sample-bundle';

let dataDir: string;
let server: CandorServerProcess;
let reviewerToken: string;
let sent: Bundle[];
const ELECTRON_UPLOAD = 'electron-1.4.3-mac-renderer_crashpad-upload';

/** A real server over a fresh data folder, with three reports sent by the real client with consent. */
test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'candor-console-'));
  const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', '--data', dataDir, '--json'], { encoding: 'utf8' });
  const keys = JSON.parse(init.stdout) as { ingestKey: string; reviewerToken: string };
  reviewerToken = keys.reviewerToken;
  server = await startCandorServer(['--data', dataDir]);
  const consent = new ConsentLedger(path.join(dataDir, 'client-ledger.jsonl'));
  sent = [];
  for (const [comment, version] of [
    ['first', '2.4.1'],
    ['second', '2.4.1'],
    ['third', '2.5.0'],
  ] as const) {
    const { bundle } = sampleBundle(path.join(dataDir, 'client'), comment, { name: 'Example Editor', version });
    const destination = { protocol: 'candor', url: server.endpoint, ingestKey: keys.ingestKey } as const;
    approve(consent, bundle, destination);
    const outcome = await deliver(bundle, destination, consent);
    expect(outcome.ok).toBe(true);
    sent.push(bundle);
  }
  // And one native crash the way Electron's crashReporter uploads it.
  const dumpUpload = await fetch(`${server.url}/api/v1/minidump?key=${keys.ingestKey}`, {
    method: 'POST',
    headers: {
      'content-type': (
        JSON.parse(readFileSync(fixturePath('crash-uploads', `${ELECTRON_UPLOAD}.expected.json`), 'utf8')) as { content_type: string }
      ).content_type,
    },
    body: readFileSync(fixturePath('crash-uploads', `${ELECTRON_UPLOAD}.multipart`)),
  });
  expect(dumpUpload.status).toBe(200);
});

test.afterEach(async () => {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
});

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Reviewer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`);
}

test('a reviewer signs in, filters, opens a report exactly as sent, downloads its dump and deletes it', async ({ page }) => {
  // Every Content-Security-Policy violation the page raises (zod's eval probe raised two a load).
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const answer = await page.goto(server.url);
  expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");

  await signIn(page, 'not-a-reviewer-token');
  await expect(page.getByRole('alert')).toHaveText('This reviewer token is not accepted. Sign in again.');
  await signIn(page, reviewerToken);
  const rows = page.getByTestId('report-row');
  await expect(rows).toHaveCount(3);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  await expect(page.getByTestId('minidump-row')).toHaveCount(1);
  await expect(page.getByTestId('minidump-row')).toContainText('Kevin');
  // The reports' signature and the native crash's, most frequent first.
  await expect(page.getByTestId('signature-count')).toHaveText(['3', '1']);
  expect(await seriousViolations(page)).toEqual([]);
  mkdirSync(path.join('test', 'artifacts'), { recursive: true });
  await page.screenshot({ path: path.join('test', 'artifacts', 'review-console-list.png'), fullPage: true });
  const [dumpDownload] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByTestId('minidump-row')
      .getByRole('button', { name: /^Download minidump/ })
      .click(),
  ]);
  const expectedDump = JSON.parse(readFileSync(fixturePath('crash-uploads', `${ELECTRON_UPLOAD}.expected.json`), 'utf8')) as {
    minidump_sha256: string;
  };
  expect(sha256Hex(readFileSync(await dumpDownload.path()))).toBe(expectedDump.minidump_sha256);

  await page.getByLabel('App version').fill('2.5.0');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('minidump-row')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(rows).toHaveCount(3);
  // Choosing a signature group filters to its reports.
  await page.getByRole('region', { name: 'Crash signatures' }).getByRole('button').first().click();
  await expect(page.getByRole('textbox', { name: 'Signature' })).not.toHaveValue('');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('minidump-row')).toHaveCount(0);

  // Newest first: the third report sent is on top.
  const newest = sent[2];
  if (newest === undefined) throw new Error('three reports were sent');
  // The list names the OS with its version, as the report's diagnostics gave them.
  await expect(rows.first()).toContainText('Debian 12');
  // The support code a user reads out finds the report: any case, its first characters are enough.
  const search = page.getByRole('searchbox', { name: 'Support code or report id' });
  await search.fill('ffffffff');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByTestId('find-outcome')).toHaveText('No report or minidump has the code ffffffff.');
  await search.fill(` ${newest.report.id.slice(0, 8).toUpperCase()} `);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page).toHaveURL(new RegExp(`#/reports/${newest.report.id}$`));
  await expect(page.getByTestId('report-signature')).toHaveText(newest.report.crash?.signature ?? '');
  await expect(page.getByTestId('triage-facts')).toContainText('Example Editor 2.5.0');
  await expect(page.getByTestId('received-digest')).toHaveText(newest.sha256);
  await expect(page.getByTestId('digest')).toHaveText(newest.sha256);
  expect(await page.getByTestId('raw-bytes').textContent()).toBe(newest.bytes.toString('utf8'));
  await expect(page.getByTestId('dump-headline')).not.toBeEmpty();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join('test', 'artifacts', 'review-console-report.png'), fullPage: true });

  const dump = newest.attachments.find((attachment) => attachment.name.endsWith('.dmp'));
  if (dump === undefined) throw new Error('the sample report has a minidump');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download ${dump.name}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(dump.name);
  expect(sha256Hex(readFileSync(await download.path()))).toBe(sha256Hex(dump.bytes));

  await page.getByRole('button', { name: 'Delete this report' }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(rows).toHaveCount(2);
  const gone = await page.request.get(`${server.url}/api/v1/review/reports/${newest.report.id}`, {
    headers: { authorization: `Bearer ${reviewerToken}` },
  });
  expect(gone.status()).toBe(404);

  // Deleting from the list, without opening the report or the minidump, asks once more first.
  await rows
    .first()
    .getByRole('button', { name: /^Delete report / })
    .click();
  await rows.first().getByRole('button', { name: 'Keep it' }).click();
  await expect(rows).toHaveCount(2);
  await rows
    .first()
    .getByRole('button', { name: /^Delete report / })
    .click();
  await rows.first().getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(rows).toHaveCount(1);
  await page
    .getByTestId('minidump-row')
    .getByRole('button', { name: /^Delete minidump / })
    .click();
  await page.getByTestId('minidump-row').getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByTestId('minidump-row')).toHaveCount(0);
  await expect(page.getByText('No minidumps match.')).toBeVisible();
});
