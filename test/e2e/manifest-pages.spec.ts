import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST } from '../../contract/privacy-manifest';
import { builtFile } from '../helpers/built';
import { startCandorServer, type CandorServerProcess } from '../helpers/candor-server-process';
import { startPreviewServer } from './helpers/preview-server';

/** The app and the review console render the privacy manifest the clients are built with (issue 19). */
let dataDir: string;
let server: CandorServerProcess;
let reviewerToken: string;

test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'candor-manifest-'));
  const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', '--data', dataDir, '--json'], { encoding: 'utf8' });
  reviewerToken = (JSON.parse(init.stdout) as { reviewerToken: string }).reviewerToken;
  server = await startCandorServer(['--data', dataDir]);
});

test.afterEach(async () => {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
});

test('the review console shows what a report can carry, from the privacy manifest', async ({ page }) => {
  await page.goto(`${server.url}/#token=${reviewerToken}`);
  await page.getByRole('link', { name: 'What Candor sends' }).click();
  await expect(page.getByRole('heading', { name: 'What Candor sends' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Report fields' }).getByTestId('manifest-row')).toHaveCount(PRIVACY_MANIFEST.length);
  await expect(page.getByRole('table', { name: 'Attachments' }).getByTestId('manifest-row')).toHaveCount(ATTACHMENT_MANIFEST.length);
  await expect(page.getByRole('table', { name: 'Report fields' }).getByRole('row', { name: /user\.email/ })).toContainText('can be');
  await expect(page.getByRole('table', { name: 'Report fields' }).getByRole('row', { name: /user\.email/ })).toContainText('email');
  const violations = (await new AxeBuilder({ page }).analyze()).violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(violations.map((violation) => violation.id)).toEqual([]);
});

test('the app shows what Candor collects, from the crash dialog and from Settings', async ({ page }) => {
  const preview = await startPreviewServer(['--endpoint', `${server.url}/api/v1/reports`, '--key', 'cik_unused']);
  try {
    await page.goto(preview.url);
    const fromDialog = page.getByRole('group').filter({ hasText: 'What Candor collects' }).first();
    await page.getByText('What Candor collects').first().click();
    await expect(page.getByRole('table', { name: 'Fields of a report' }).getByTestId('manifest-row')).toHaveCount(PRIVACY_MANIFEST.length);
    await expect(page.getByRole('table', { name: 'Fields of a report' }).getByRole('row', { name: /user\.email/ })).toContainText(
      'unticking “Your email address”',
    );
    await expect(fromDialog).toBeVisible();
    let violations = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(violations.map((violation) => violation.id)).toEqual([]);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('region', { name: 'Settings' }).getByText('What Candor collects').click();
    await expect(page.getByRole('table', { name: 'Attachments' }).getByTestId('manifest-row')).toHaveCount(ATTACHMENT_MANIFEST.length);
    violations = (await new AxeBuilder({ page }).analyze()).violations.filter(
      (violation) => violation.impact === 'serious' || violation.impact === 'critical',
    );
    expect(violations.map((violation) => violation.id)).toEqual([]);
  } finally {
    await preview.stop();
  }
});
