import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportListSchema, ReviewedReportSchema } from '../../../../contract/review';
import { sha256Hex } from '../../../../main/report/build-report';
import { builtFile } from '../../../helpers/built';
import { startInitialisedServer, type InitialisedServer } from '../../../helpers/candor-server-process';
import { runCli } from '../../../helpers/run-cli';
import { sampleBundle } from '../../../helpers/sample-bundle';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs();
let server: InitialisedServer;
beforeEach(async () => {
  server = await startInitialisedServer();
});
afterEach(() => server.stop());

/**
 * Runs `candor send` in a real pseudo-terminal (util-linux `script`), answering its prompt.
 * Asynchronous, so the server can answer the upload meanwhile.
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

/** The report ids the server holds, as its review API lists them. */
async function receivedIds(): Promise<string[]> {
  const { body } = await server.review('reports');
  return ReportListSchema.parse(body).reports.map((report) => report.id);
}

/** The bytes the server stored, fetched with the review API's report view. */
async function storedBytes(id: string): Promise<string | undefined> {
  const { status, body } = await server.review(`reports/${id}`);
  return status === 200 ? ReviewedReportSchema.parse(body).bytes : undefined;
}

async function setUp(): Promise<{ dir: string; env: NodeJS.ProcessEnv; bundle: ReturnType<typeof sampleBundle>['bundle'] }> {
  const dir = await tempDir();
  const { bundle } = sampleBundle(dir);
  return { dir, env: { CANDOR_HOME: path.join(dir, 'home') }, bundle };
}

describe('candor send: no byte on the wire without consent for it', () => {
  it('without a terminal and without --consent it refuses, and the server receives nothing', async () => {
    const { env, bundle } = await setUp();
    const result = await runCli(['send', bundle.dir, '--endpoint', server.endpoint, '--key', server.ingestKey], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('consent required');
    expect(await receivedIds()).toEqual([]);
  });

  it('with a --consent that is not the bundle digest it refuses, and the server receives nothing', async () => {
    const { env, bundle } = await setUp();
    const result = await runCli(
      ['send', bundle.dir, '--endpoint', server.endpoint, '--key', server.ingestKey, '--consent', 'a'.repeat(64)],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not match');
    expect(await receivedIds()).toEqual([]);
  });

  it('when the user answers no at the prompt, the server receives nothing', async () => {
    const { env, bundle } = await setUp();
    const result = await sendInTerminal(['send', bundle.dir, '--endpoint', server.endpoint, '--key', server.ingestKey], 'n', env);
    expect(result.output).toContain(`SHA-256 ${bundle.sha256}`);
    expect(result.output).toContain('Not sent.');
    expect(await receivedIds()).toEqual([]);
  });

  it('when the user answers yes, the server holds exactly the consented bytes and the receipt is kept', async () => {
    const { env, bundle } = await setUp();
    const result = await sendInTerminal(['send', bundle.dir, '--endpoint', server.endpoint, '--key', server.ingestKey], 'y', env);
    expect(result.status).toBe(0);
    // The prompt names the destination and never shows the key.
    expect(result.output).toContain(`to ${server.endpoint} (candor)?`);
    expect(result.output).not.toContain(server.ingestKey);
    expect(result.output).toContain(`sent: report ${bundle.report.id}, SHA-256 ${bundle.sha256}`);
    expect(await storedBytes(bundle.report.id)).toBe(bundle.bytes.toString('utf8'));

    const history = JSON.parse((await runCli(['history', '--json'], { env })).stdout) as {
      decisions: unknown[];
      receipts: { sha256: string }[];
    };
    expect(history.decisions).toEqual([
      expect.objectContaining({ decision: 'send', digest: bundle.sha256, destination: { protocol: 'candor', url: server.endpoint } }),
    ]);
    expect(history.receipts.map((receipt) => receipt.sha256)).toEqual([bundle.sha256]);
  });

  it('takes the destination from CANDOR_ENDPOINT and CANDOR_INGEST_KEY; history fetch finds the server copy identical; withdraw deletes it', async () => {
    const { env: home, bundle } = await setUp();
    const env = { ...home, CANDOR_ENDPOINT: server.endpoint, CANDOR_INGEST_KEY: server.ingestKey };
    const sent = await runCli(['send', bundle.dir, '--consent', bundle.sha256], { env });
    expect(sent.code).toBe(0);
    expect(await receivedIds()).toEqual([bundle.report.id]);

    const fetched = await runCli(['history', 'fetch', bundle.report.id, '--json'], { env: home });
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ identical: true, serverSha256: bundle.sha256, approvedSha256: bundle.sha256 });

    const withdrawn = await runCli(['withdraw'], { env: home });
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.stdout).toContain(`${bundle.report.id} at http://127.0.0.1`);
    expect(await receivedIds()).toEqual([]);
    const after = await runCli(['history', 'fetch', bundle.report.id], { env: home });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('no longer has this report');
  });

  it('a wrong key leaves the report waiting; the corrected key delivers it, once', async () => {
    const { env, bundle } = await setUp();
    const sent = await runCli(['send', bundle.dir, '--endpoint', server.endpoint, '--key', 'wrong-key-123', '--consent', bundle.sha256], {
      env,
    });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('waiting for a valid destination: The server answered 401: “a valid ingest key is required”');
    expect(await receivedIds()).toEqual([]);
    // The same wrong key again sends nothing; the corrected one sends it.
    const again = await runCli(['outbox', 'flush', '--endpoint', server.endpoint, '--key', 'wrong-key-123'], { env });
    expect(again.stdout).toBe(
      `Nothing was due now; 1 waiting:\n${bundle.report.id} waiting for a valid destination: The server answered 401: “a valid ingest key is required”\n`,
    );
    const flushed = await runCli(['outbox', 'flush', '--endpoint', server.endpoint, '--key', server.ingestKey], { env });
    expect(flushed.stdout).toContain(`${bundle.report.id} sent: report ${bundle.report.id}`);
    expect(await receivedIds()).toEqual([bundle.report.id]);
    const once = await runCli(['outbox', 'flush', '--endpoint', server.endpoint, '--key', server.ingestKey], { env });
    expect(once.stdout).toBe('Nothing to send.\n');
  });

  it('keeps a report the server cannot be reached for, and `outbox retry` sends it when it can', async () => {
    const { env, bundle } = await setUp();
    const nowhere = 'http://127.0.0.1:9/api/v1/reports';
    const sent = await runCli(['send', bundle.dir, '--endpoint', nowhere, '--key', server.ingestKey, '--consent', bundle.sha256], { env });
    expect(sent.stdout).toMatch(/queued, next attempt \S+: Could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\.$/m);
    expect((await runCli(['outbox', 'list'], { env })).stdout).toContain(bundle.report.id);
    // Approved for that server: sending it elsewhere waits for the user's approval instead.
    const elsewhere = await runCli(['outbox', 'retry', bundle.report.id, '--endpoint', server.endpoint, '--key', server.ingestKey], {
      env,
    });
    expect(elsewhere.stdout).toContain('waiting for your approval');
    expect(await receivedIds()).toEqual([]);
  });

  it("a vendor's locked destination overrides --endpoint, and says so", async () => {
    const { dir, env, bundle } = await setUp();
    const vendorFile = path.join(dir, 'candor-vendor.json');
    writeFileSync(
      vendorFile,
      JSON.stringify({
        schema: 'candor.vendor/1',
        destination: { protocol: 'candor', url: server.endpoint, ingestKey: server.ingestKey },
        lockDestination: true,
      }),
    );
    const result = await runCli(['send', bundle.dir, '--endpoint', 'http://127.0.0.1:9/x', '--consent', bundle.sha256], {
      env: { ...env, CANDOR_VENDOR_CONFIG: vendorFile },
    });
    expect(result.stderr).toContain("the destination from the command-line is ignored: the app's vendor has fixed where reports go");
    expect(result.code).toBe(0);
    expect(await receivedIds()).toEqual([bundle.report.id]);
    expect(sha256Hex(Buffer.from((await storedBytes(bundle.report.id)) ?? '', 'utf8'))).toBe(bundle.sha256);
  });

  it('refuses a malformed vendor file or destination with a one-line reason', async () => {
    const { dir, env, bundle } = await setUp();
    const vendorFile = path.join(dir, 'candor-vendor.json');
    writeFileSync(vendorFile, JSON.stringify({ schema: 'candor.vendor/1', destination: { protocol: 'candor', url: 'ftp://x' } }));
    const badVendor = await runCli(['send', bundle.dir, '--consent', bundle.sha256], { env: { ...env, CANDOR_VENDOR_CONFIG: vendorFile } });
    expect(badVendor.code).toBe(2);
    expect(badVendor.stderr).toMatch(/^candor: the vendor configuration .*candor-vendor\.json/);
    const badProtocol = await runCli(
      ['send', bundle.dir, '--endpoint', server.endpoint, '--protocol', 'smtp', '--consent', bundle.sha256],
      {
        env,
      },
    );
    expect(badProtocol.code).toBe(2);
    expect(badProtocol.stderr).toContain('the destination from the command line is not valid: protocol');
    const plainHttp = await runCli(['send', bundle.dir, '--endpoint', 'http://reports.example.com/x', '--consent', bundle.sha256], { env });
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toContain('plain http to this computer only');
  });
});
