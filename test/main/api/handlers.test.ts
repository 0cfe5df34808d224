import { describe, expect, it } from 'vitest';
import { AppInfoSchema } from '../../../contract/app-info';
import { createTestServices } from '../../helpers/services';
import packageJson from '../../../package.json' with { type: 'json' };
import { sampleNewCrash } from '../../helpers/sample-crash';

describe('the handler table', () => {
  it('reports the app and the runtime that really runs the services', async () => {
    const { handlers } = createTestServices('ipc');
    const info = AppInfoSchema.parse(await handlers.getAppInfo());
    expect(info).toMatchObject({
      name: 'Candor',
      version: packageJson.version,
      platform: process.platform,
      arch: process.arch,
      transport: 'ipc',
      runtime: { node: process.versions.node, v8: process.versions.v8 },
    });
    // Plain Node has no Electron: the field is absent, not invented.
    expect(info.runtime.electron).toBeUndefined();
  });

  it('hands out pending crashes oldest first and forgets a dismissed one', async () => {
    const { handlers, crashes, events } = createTestServices('ipc');
    const announced: string[] = [];
    events.subscribe('onCrashPending', (crash) => announced.push(crash.id));
    const first = crashes.record(sampleNewCrash({ occurredAt: new Date('2026-11-29T08:00:00Z') }));
    const second = crashes.record(sampleNewCrash({ occurredAt: new Date('2026-11-29T09:00:00Z'), processType: 'gpu' }));

    expect(announced).toEqual([first.id, second.id]);
    expect(await handlers.getPendingCrash()).toEqual(first);
    expect(await handlers.dismissPendingCrash(first.id)).toBe(true);
    expect(await handlers.dismissPendingCrash(first.id)).toBe(false);
    expect(await handlers.getPendingCrash()).toEqual(second);
  });
});

describe('reportRendererError', () => {
  it('records an error in the page as a renderer crash of the app', async () => {
    const { handlers, crashes } = createTestServices('http');
    await handlers.reportRendererError({ kind: 'renderer-rejection', error: { name: 'NonErrorRejection', message: 'nope' } });
    expect(crashes.pending()).toEqual([
      expect.objectContaining({
        kind: 'renderer-rejection',
        processType: 'renderer',
        app: { name: 'Candor', version: packageJson.version },
      }),
    ]);
  });
});
