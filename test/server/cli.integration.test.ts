import { expect, it } from 'vitest';
import { hashSecret } from '../../server/credentials';
import { describeEachStore, reopenStore } from '../helpers/report-stores';
import { runCli } from '../helpers/run-cli';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

const server = (args: string[]) => runCli(args, { program: 'candor-server' });

describeEachStore('candor-server keys and reviewers', (kind) => {
  it('adds, lists and revokes ingest keys and reviewer tokens, showing a secret only once and storing only its hash', async () => {
    const { store: setup, storeArgs } = await kind.open(await tempDir());
    await setup.close();
    const init = await server(['init', ...storeArgs, '--json']);
    expect(init.code, init.stderr).toBe(0);
    const { ingestKey, reviewerToken } = JSON.parse(init.stdout) as { ingestKey: string; reviewerToken: string };

    const added = await server(['keys', 'add', ...storeArgs, '--label', 'build farm', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const key = JSON.parse(added.stdout) as { id: string; secret: string; label: string };
    expect(key).toMatchObject({ label: 'build farm', kind: 'ingest-key' });

    const listed = await server(['keys', 'list', ...storeArgs, '--json']);
    const keys = JSON.parse(listed.stdout) as { id: string; label: string; revokedAt: string | null }[];
    expect(keys.map((item) => item.label)).toEqual(['created by init', 'build farm']);
    for (const secret of [ingestKey, key.secret, hashSecret(key.secret)]) expect(listed.stdout).not.toContain(secret);

    const revoked = await server(['keys', 'revoke', key.id, ...storeArgs]);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining(`Revoked ingest key ${key.id}`) as unknown });
    const again = await server(['keys', 'revoke', key.id, ...storeArgs]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`there is no active ingest key with id ${key.id}`);

    // A reviewer token's id does not revoke an ingest key, nor the other way round.
    const reviewers = JSON.parse((await server(['reviewers', 'list', ...storeArgs, '--json'])).stdout) as { id: string }[];
    expect((await server(['keys', 'revoke', reviewers[0]?.id ?? '', ...storeArgs])).code).toBe(2);

    const store = await reopenStore(storeArgs);
    try {
      expect(await store.findCredential('ingest-key', hashSecret(ingestKey))).toBeDefined();
      expect(await store.findCredential('ingest-key', hashSecret(key.secret))).toBeUndefined();
      expect(await store.findCredential('reviewer-token', hashSecret(reviewerToken))).toBe(reviewers[0]?.id);
      expect(await store.findCredential('reviewer-token', hashSecret(ingestKey))).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('says what is wrong with bad usage, with exit code 2', async () => {
    const { store: setup, storeArgs } = await kind.open(await tempDir());
    await setup.close();
    const cases: [string[], string][] = [
      [['keys', 'rotate', ...storeArgs], 'expected add, list or revoke'],
      [['keys', 'revoke', ...storeArgs], 'say which ingest key to revoke'],
      [['frobnicate', ...storeArgs], 'unknown command frobnicate'],
      [['purge', ...storeArgs, '--retention-days', 'soon'], '--retention-days soon is not a whole number'],
      [['--rate-limit', '0', ...storeArgs], '--rate-limit 0 is not a whole number'],
      [['init', '--data', 'x', '--database', 'postgres://nowhere/db'], 'give --data or --database, not both'],
      [['init', '--database', 'mysql://nowhere/db'], '--database must be a postgres:// URL'],
    ];
    for (const [args, message] of cases) {
      const result = await server(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
  });
});
