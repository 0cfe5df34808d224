import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { apiCallNames, apiEventNames } from '../../contract/api';
import packageJson from '../../package.json' with { type: 'json' };
import { startPreviewServer, type PreviewServer } from './helpers/preview-server';

let preview: PreviewServer;

test.beforeAll(async () => {
  preview = await startPreviewServer(['--no-sample-crash']);
});

test.afterAll(async () => {
  await preview.stop();
});

test('the renderer loads in Chromium and shows what the real handler returned', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(preview.url);

  await expect(page.getByRole('heading', { level: 1, name: 'Candor' })).toBeVisible();
  await expect(page.getByTestId('app-version')).toHaveText(`Candor ${packageJson.version}`);
  // The preview server runs on the same Node binary as this test.
  await expect(page.getByTestId('runtime-Node.js')).toHaveText(process.versions.node);
  await expect(page.getByTestId('transport')).toHaveText('the local preview bridge');
  await expect(page.getByText('No crash is waiting.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the page reaches the services only through window.candor, with the bridge secret', async ({ page }) => {
  await page.goto(preview.url);
  const methods = await page.evaluate(() => Object.keys(window.candor ?? {}).sort());
  expect(methods).toEqual([...apiCallNames, ...apiEventNames].sort());

  const failure = await page.evaluate(() =>
    window.candor?.dismissPendingCrash('not-a-uuid').then(
      () => 'resolved',
      (error: unknown) => error,
    ),
  );
  expect(failure).toMatchObject({ code: 'invalid-arguments' });

  const withoutSecret = await page.evaluate(async () => {
    const response = await fetch('/api/call/getAppInfo', { method: 'POST', body: '[]' });
    return response.status;
  });
  expect(withoutSecret).toBe(401);
});

test('the Content-Security-Policy blocks inline script, and the page itself raises no violation', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const response = await page.goto(preview.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Candor' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const ranInline = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ranInline).toBe(false);
});

test('the page shows what the real diagnostics collector found on this machine', async ({ page }) => {
  await page.goto(preview.url);
  const browsers = page.getByTestId('probe-browsers');
  await expect(browsers).toContainText('collected', { timeout: 15_000 });
  await expect(browsers).toContainText('Chromium');
  await expect(browsers).toContainText('Firefox ESR');
  await expect(page.getByTestId('probe-dotnet')).toContainText('not installed');
  await expect(page.getByTestId('probe-os')).toContainText(process.arch);
});

test('an error thrown in the page is recorded as a crash and comes back as a pending crash', async ({ page }) => {
  await page.goto(preview.url);
  await expect(page.getByText('No crash is waiting.')).toBeVisible();
  await page.evaluate(() => {
    setTimeout(() => {
      throw new TypeError('thrown by the page on purpose');
    }, 0);
  });
  // Recorded by the real services, then pushed back to the page over the event stream.
  await expect(page.getByTestId('crash-summary')).toContainText('A window of Candor stopped working.');
  const crashes = await readdir(path.join(preview.home, 'crashes'));
  expect(crashes.filter((name) => name.endsWith('.json'))).toHaveLength(1);
});
