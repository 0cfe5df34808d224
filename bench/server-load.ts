import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../main/report/canonical-json';
import { multipartBody } from '../main/upload/multipart';
import { percentile } from './stats';

/**
 * The load generator, in its own process: sends `count` distinct ~10 KB reports to the server
 * with `concurrency` requests in flight over keep-alive connections, and prints the latencies.
 * Arguments: endpoint, ingest key, count, concurrency.
 */
const [endpoint = '', ingestKey = '', countText = '2000', concurrencyText = '32'] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const url = new URL(endpoint);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function report(id: string): Buffer {
  return Buffer.from(
    canonicalJson({
      schema: 'candor.report/1',
      id,
      createdAt: new Date().toISOString(),
      app: { name: 'Load Test', version: '1.0.0' },
      system: { schema: 'candor.diagnostics/1', collectedAt: new Date().toISOString(), durationMs: 1, probes: {} },
      user: { comment: 'x'.repeat(9_500) },
      attachments: [],
      redactions: [],
      excluded: [],
      privacyPolicyVersion: '2026-11-01',
    }),
  );
}

const bodies = Array.from({ length: count }, () => {
  const id = randomUUID();
  return { id, ...multipartBody([{ name: 'report', filename: 'report.json', contentType: 'application/json', bytes: report(id) }]) };
});

function send(item: (typeof bodies)[number]): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': item.contentType,
          'content-length': item.body.length,
          'idempotency-key': item.id,
          authorization: `Bearer ${ingestKey}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    request.on('error', reject);
    request.end(item.body);
  });
}

const latencies: number[] = [];
let failures = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const item = bodies[next++];
      if (item === undefined) break;
      const result = await send(item);
      if (result.status !== 201) failures++;
      latencies.push(result.ms);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ sent: count, failures, seconds, perSecond: count / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), bytes: bodies[0]?.body.length ?? 0 })}\n`,
);
agent.destroy();
