import path from 'node:path';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import type { ProbeName } from '../../contract/probe-names';
import { COLLECTION_DEADLINE_MS, collectInChildProcess, forkNodeCollector } from '../diagnostics/collect-in-child';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product';

/** Diagnostics as the command line collects them: in a child process, with the static-facts cache under `home`. */
export function collectForCli(home: string, collectorEntry: string, only?: ProbeName[]): Promise<DiagnosticsSnapshot> {
  return collectInChildProcess(
    {
      ...(only === undefined ? {} : { only }),
      dataDir: home,
      cacheFile: path.join(home, 'cache', 'diagnostics-static.json'),
      app: {
        name: PRODUCT_NAME,
        version: PRODUCT_VERSION,
        versions: { node: process.versions.node, v8: process.versions.v8 },
        startedAtMs: Date.now() - process.uptime() * 1000,
      },
      deadlineMs: COLLECTION_DEADLINE_MS,
    },
    () => forkNodeCollector(collectorEntry),
  );
}
