import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtFile } from '../../../helpers/built';
import { ReportReceiver } from '../../../helpers/report-receiver';
import { runCli } from '../../../helpers/run-cli';
import { sampleBundle } from '../../../helpers/sample-bundle';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs();
let receiver: ReportReceiver;
beforeEach(async () => {
  receiver = await new ReportReceiver().start();
});
afterEach(() => receiver.stop());

/**
 * Runs `candor send` in a real pseudo-terminal (util-linux `script`), answering its prompt.
 * Asynchronous, so this process's loopback server can answer the upload meanwhile.
 */
function sendInTerminal(args: string[], answer: string, env: NodeJS.ProcessEnv): Promise<{ output: string; status: number | null }> {
  const command = [process.execPath, builtFile('node/candor.js'), ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ output, status }));
    child.stdin.end(`${answer}\n`);
  });
}

describe('candor send: no byte on the wire without consent for it', () => {
  it('without a terminal and without --consent it refuses, and the server receives nothing', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const result = await runCli(['send', bundle.dir, '--endpoint', receiver.url], { env: { CANDOR_HOME: path.join(dir, 'home') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('consent required');
    expect(receiver.requests).toEqual([]);
  });

  it('with a --consent that is not the bundle digest it refuses, and the server receives nothing', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const result = await runCli(['send', bundle.dir, '--endpoint', receiver.url, '--consent', 'a'.repeat(64)], {
      env: { CANDOR_HOME: path.join(dir, 'home') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not match');
    expect(receiver.requests).toEqual([]);
  });

  it('when the user answers no at the prompt, the server receives nothing', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const result = await sendInTerminal(['send', bundle.dir, '--endpoint', receiver.url], 'n', { CANDOR_HOME: path.join(dir, 'home') });
    expect(result.output).toContain(`SHA-256 ${bundle.sha256}`);
    expect(result.output).toContain('Not sent.');
    expect(receiver.requests).toEqual([]);
  });

  it('when the user answers yes, the server receives exactly the consented bytes and the receipt is kept', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    const result = await sendInTerminal(['send', bundle.dir, '--endpoint', receiver.url], 'y', env);
    expect(result.status).toBe(0);
    expect(result.output).toContain(`sent: report ${bundle.report.id}, SHA-256 ${bundle.sha256}`);
    expect(receiver.stored.get(bundle.report.id)?.report.equals(bundle.bytes)).toBe(true);

    const history = JSON.parse((await runCli(['history', '--json'], { env })).stdout) as {
      decisions: unknown[];
      receipts: { sha256: string }[];
    };
    expect(history.decisions).toEqual([expect.objectContaining({ decision: 'send', digest: bundle.sha256 })]);
    expect(history.receipts.map((receipt) => receipt.sha256)).toEqual([bundle.sha256]);
  });

  it('with the matching --consent it sends; withdraw then deletes it from the server', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    const sent = await runCli(['send', bundle.dir, '--endpoint', receiver.url, '--consent', bundle.sha256], { env });
    expect(sent.code).toBe(0);
    expect(receiver.stored.has(bundle.report.id)).toBe(true);
    const withdrawn = await runCli(['withdraw'], { env });
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.stdout).toContain(`${bundle.report.id} at http://127.0.0.1`);
    expect(receiver.stored.has(bundle.report.id)).toBe(false);
  });

  it('keeps a report whose upload failed for now in the outbox, and a later flush delivers it', async () => {
    const dir = await tempDir();
    const { bundle } = sampleBundle(dir);
    const env = { CANDOR_HOME: path.join(dir, 'home') };
    receiver.queueFaults('error-500');
    const sent = await runCli(['send', bundle.dir, '--endpoint', receiver.url, '--consent', bundle.sha256], { env });
    expect(sent.stdout).toContain('queued: the server answered 500');
    const listed = await runCli(['outbox', 'list'], { env });
    expect(listed.stdout).toContain(bundle.report.id);
    expect(receiver.stored.has(bundle.report.id)).toBe(false);
  });
});
