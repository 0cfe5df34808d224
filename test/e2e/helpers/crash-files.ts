import { copyFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixturePath } from '../../helpers/fixtures';

/**
 * A crash file as another program hands it over: a native crash with a real minidump (one that
 * holds personal data in its memory) and a log.
 */
export async function crashFileWithDumpAndLog(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'candor-crash-file-'));
  copyFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp'), path.join(dir, 'crash.dmp'));
  writeFileSync(path.join(dir, 'editor.log'), 'started\nopened notes.txt\nrenderer gone\n');
  writeFileSync(
    path.join(dir, 'crash.json'),
    JSON.stringify({
      kind: 'native',
      app: { name: 'Example Editor', version: '2.4.1' },
      processType: 'renderer',
      minidump: 'crash.dmp',
      log: 'editor.log',
    }),
  );
  return path.join(dir, 'crash.json');
}
