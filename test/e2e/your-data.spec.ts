import { existsSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './helpers/axe';
import { useServerAndPreview } from './helpers/preview-server';

// Settings → "Your data" and the privacy policy (issue 19), in Chromium through `npm run preview`
// with a real candor-server behind it.
const { server: theServer, startPreview } = useServerAndPreview();

test('the privacy policy is shown in the app with its version, from the dialog and from Settings', async ({ page }) => {
  const server = theServer();
  const preview = await startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey]);
  await page.goto(preview.url);
  await expect(page.getByTestId('policy-version')).toContainText('privacy policy version 2026-11-01');
  await page.getByText('Read the privacy policy: Candor privacy policy, version 2026-11-01').first().click();
  const text = page.getByTestId('privacy-policy-text').first();
  await expect(text.getByRole('heading', { name: '§8 Your rights: see, export and delete' })).toBeVisible();
  await expect(text.getByRole('heading', { name: '§9 Withdrawing your consent' })).toBeVisible();
  await expect(text).toContainText("Candor's own privacy policy");
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('region', { name: 'Settings' }).getByText('Read the privacy policy').click();
  await expect(
    page.getByRole('region', { name: 'Settings' }).getByRole('heading', { name: '§10 How long reports are kept' }),
  ).toBeVisible();
});

test('Your data: what is kept, the server’s retention, export as a zip, ask the server to delete, delete everything here', async ({
  page,
}) => {
  const server = theServer();
  const preview = await startPreview(['--endpoint', server.endpoint, '--key', server.ingestKey, '--no-sample-crash']);
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Report a problem' }).click();
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByRole('heading', { name: 'Report sent' })).toBeVisible();
  const reportId = (await page.getByTestId('support-code').textContent())?.trim() ?? '';
  expect((await server.review(`reports/${reportId}`)).status).toBe(200);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const yourData = page.getByTestId('your-data');
  await expect(yourData.getByTestId('local-part-receipts')).toContainText('1');
  await expect(yourData.getByTestId('servers')).toContainText(`${new URL(server.endpoint).host} received 1 report.`);
  await expect(yourData.getByTestId('servers')).toContainText('at most 1,460 days');
  expect(await seriousViolations(page)).toEqual([]);

  await yourData.getByRole('button', { name: 'Export everything as a zip' }).click();
  const status = yourData.getByTestId('your-data-status');
  await expect(status).toContainText(/Exported \d+ files/);
  const exported = /to (.+\.zip)\.$/.exec((await status.textContent()) ?? '')?.[1] ?? '';
  expect(existsSync(exported) && statSync(exported).size > 0).toBe(true);

  await yourData.getByRole('button', { name: 'Ask the servers to delete every report' }).click();
  await expect(yourData.getByRole('alertdialog')).toContainText('Ask every server to delete the report it received');
  await yourData.getByRole('button', { name: 'Yes, ask them to delete' }).click();
  await expect(status).toContainText('1 report deleted from the servers.');
  expect((await server.review(`reports/${reportId}`)).status).toBe(404);

  await yourData.getByRole('button', { name: 'Delete everything on this computer' }).click();
  await expect(yourData.getByRole('alertdialog')).toContainText('This cannot be undone');
  expect(await seriousViolations(page)).toEqual([]);
  await yourData.getByRole('button', { name: 'Yes, delete everything here' }).click();
  await expect(status).toContainText(/Deleted \d+ files from this computer/);
  await expect(yourData.getByTestId('local-part-receipts')).toContainText('0');
  await expect(yourData.getByRole('button', { name: 'Delete everything on this computer' })).toBeDisabled();
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByText('No reports yet.')).toBeVisible();
});
