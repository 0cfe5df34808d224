import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../main/outbox/outbox';
import { ConsentLedger } from '../../../main/privacy/consent';
import { readBundle, type Bundle } from '../../../main/report/bundle';
import { buildNodeScript } from '../../helpers/build-script';
import { randomInt, seededRandom } from '../../helpers/random';
import { approve } from '../../helpers/approve';
import { RECEIVER_INGEST_KEY, ReportReceiver } from '../../helpers/report-receiver';
import { sampleBundle } from '../../helpers/sample-bundle';
import { makeTempDir } from '../../helpers/temp-dir';

const REPORTS = 200;
const KILLS = 300;

let dir: string;
let cleanup: () => Promise<void>;
let child: string;
let receiver: ReportReceiver;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  child = await buildNodeScript(fileURLToPath(new URL('./children/outbox-child.ts', import.meta.url)), path.join(dir, 'build'));
  receiver = await new ReportReceiver().start();
}, 60_000);
afterAll(async () => {
  await receiver.stop();
  await cleanup();
});

/** Runs the child; kills it with SIGKILL after `killAfterMs` unless it ends first. */
function runChild(home: string, list: string, killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, [child, home, list, receiver.url, RECEIVER_INGEST_KEY], { stdio: 'ignore' });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => process_.kill('SIGKILL'), killAfterMs);
    process_.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** After any kill: every folder in the outbox holds an intact bundle and a valid state; nothing received is wrong. */
function checkNothingCorrupt(home: string, bundles: Map<string, Bundle>): void {
  const outbox = new Outbox(path.join(home, 'outbox'));
  outbox.recover();
  for (const item of outbox.list()) {
    const bundle = outbox.bundleOf(item);
    expect(bundle.bytes.equals(bundles.get(bundle.report.id)?.bytes ?? Buffer.alloc(0))).toBe(true);
  }
  for (const [id, stored] of receiver.stored) expect(stored.report.equals(bundles.get(id)?.bytes ?? Buffer.alloc(0))).toBe(true);
}

describe('the outbox under SIGKILL', () => {
  it(`loses no approved report and corrupts nothing across ${KILLS} kills, then delivers the rest once`, async () => {
    const home = path.join(dir, 'home');
    const consent = new ConsentLedger(path.join(home, 'consent.jsonl'));
    const bundles = new Map<string, Bundle>();
    for (let index = 0; index < REPORTS; index++) {
      const { bundle } = sampleBundle(path.join(dir, 'bundles'), `report number ${index}`);
      approve(consent, bundle, { protocol: 'candor', url: receiver.url });
      bundles.set(bundle.report.id, bundle);
    }
    const list = path.join(dir, 'bundles.txt');
    writeFileSync(list, [...bundles.values()].map((bundle) => bundle.dir).join('\n'));

    const random = seededRandom(31337);
    let killed = 0;
    for (let run = 0; run < KILLS; run++) {
      // The server sometimes fails too, so kills land in retries as well as in sends.
      if (random() < 0.3) receiver.queueFaults('error-500');
      const code = await runChild(home, list, 30 + randomInt(random, 150));
      if (code === null) killed++;
      checkNothingCorrupt(home, bundles);
      if (receiver.stored.size === REPORTS) break;
    }
    expect(killed).toBeGreaterThan(0);

    expect(await runChild(home, list)).toBe(0);
    expect(receiver.stored.size).toBe(REPORTS);
    for (const [id, bundle] of bundles) {
      expect(receiver.stored.get(id)?.report.equals(bundle.bytes)).toBe(true);
      expect(new Set(receiver.arrivals.filter((arrival) => arrival.id === id).map((arrival) => arrival.digest))).toEqual(
        new Set([bundle.sha256]),
      );
      expect(readBundle(bundle.dir).sha256).toBe(bundle.sha256);
    }
    expect(receiver.arrivals.some((arrival) => arrival.status === 409)).toBe(false);
    process.stdout.write(
      `kill test: ${killed} SIGKILLs over ${REPORTS} reports, ${receiver.arrivals.length} uploads for ${REPORTS} reports\n`,
    );
  }, 300_000);
});
