import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { builtFile } from '../helpers/built';

interface Demo {
  child: ChildProcess;
  dialogUrl: string;
  consoleUrl: string;
  scratch: string;
}

/** Runs `npm run demo`'s program as a user would (it is built by npm test) and reads the two addresses it prints. */
async function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, [builtFile('node/demo.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no addresses in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const dialog = /The crash dialog: +(\S+)/.exec(output)?.[1];
      const review = /The review console: +(\S+)/.exec(output)?.[1];
      const scratch = /removes the demo's data \((.+)\)\./.exec(output)?.[1];
      if (dialog !== undefined && review !== undefined && scratch !== undefined) {
        clearTimeout(timer);
        resolve({ child, dialogUrl: dialog, consoleUrl: review, scratch });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code ?? 'a signal'}:\n${output}`)));
  });
}

async function digestShown(page: Page): Promise<string> {
  const digest = page.getByTestId('digest');
  await expect(digest).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('region', { name: 'Exactly what will be sent' })).toHaveAttribute('aria-busy', 'false');
  return (await digest.textContent()) ?? '';
}

test('npm run demo: Send report in the dialog, and the console lists the report with the same SHA-256; Ctrl-C cleans up', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const demo = await startDemo();
  const artifacts = path.join('test', 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  try {
    const app = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await app.goto(demo.dialogUrl);
    await expect(app.getByTestId('crash-summary')).toContainText('Sample Editor (a sample crash for npm run demo)');
    await expect(app.getByTestId('dump-personal-data')).toContainText('personal data that Candor cannot scrub');
    const digest = await digestShown(app);
    // The planted personal data in the log never reaches the bytes on screen.
    await expect(app.getByTestId('raw-bytes')).not.toContainText('annika.berg@example.com');
    await app.screenshot({ path: path.join(artifacts, 'demo-dialog.png') });
    await app.getByRole('button', { name: 'Send report' }).click();
    await expect(app.getByRole('heading', { name: 'Report sent' })).toBeVisible();

    const reviewer = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await reviewer.goto(demo.consoleUrl);
    // Signed in by the token in the fragment, which is then gone from the address.
    const row = reviewer.getByTestId('report-row');
    await expect(row).toHaveCount(1);
    expect(reviewer.url()).not.toContain('token=');
    await row.getByRole('link').click();
    await expect(reviewer.getByTestId('received-digest')).toHaveText(digest);
    await reviewer.screenshot({ path: path.join(artifacts, 'demo-console.png') });
  } finally {
    demo.child.kill('SIGINT');
    await once(demo.child, 'exit');
  }
  expect(demo.child.exitCode).toBe(0);
  expect(existsSync(demo.scratch)).toBe(false);
});
