import { defineConfig } from '@playwright/test';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * The Chromium the browser tests drive: CANDOR_CHROMIUM when it names one (an empty value is
 * unset, as a CI expression gives it), Debian's on Linux, and elsewhere Playwright's own, which
 * `npx playwright install chromium` provides on those machines.
 */
function chromiumPath(): string | undefined {
  const given = process.env.CANDOR_CHROMIUM;
  if (given !== undefined && given !== '') return given;
  return process.platform === 'linux' ? '/usr/bin/chromium' : undefined;
}

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['./test/e2e/helpers/skip-reason-reporter.ts']],
  projects: [
    {
      name: 'chromium',
      testIgnore: ['electron/**'],
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: {
          // Debian's Chromium on Linux; Playwright never downloads a browser here.
          executablePath: chromiumPath(),
          args: [
            // Chromium's own sandbox cannot start as root (CI runs as root); it stays on otherwise.
            ...(isRoot ? ['--no-sandbox'] : []),
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
    {
      name: 'electron',
      testMatch: 'electron/**/*.spec.ts',
    },
  ],
});
