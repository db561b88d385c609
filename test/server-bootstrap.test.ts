/** `coffer server --bootstrap`: the access setup is applied at start, even before the server is unsealed. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startCoffer } from '../src/app/coffer.js';
import { resolveServerSettings } from '../src/cli/server-config.js';
import { SqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { tempDataDir } from './support/coffer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('takes the file from --bootstrap or COFFER_BOOTSTRAP', () => {
  const base = { insecureHttp: true };
  expect(resolveServerSettings({ ...base, bootstrap: 'access.json' }, {}).bootstrapFile).toBe(join(process.cwd(), 'access.json'));
  expect(resolveServerSettings(base, { COFFER_BOOTSTRAP: '/etc/coffer/access.json' }).bootstrapFile).toBe('/etc/coffer/access.json');
  expect(resolveServerSettings(base, {}).bootstrapFile).toBeUndefined();
});

it('applies users, groups, roles and managed policies at start while the server is still sealed', async () => {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
  const coffer = await startCoffer({
    mode: 'server',
    dataDir,
    host: '127.0.0.1',
    port: 0,
    accountId: '000000000000',
    env: {},
    bootstrap: {
      policies: [{ name: 'read-all', document: allow }],
      groups: [{ name: 'readers', managedPolicies: ['read-all'] }],
      users: [{ name: 'app', groups: ['readers'] }],
    },
  });
  expect(coffer.seal.state).toBe('uninitialized');
  await coffer.close();
  const store = SqliteStore.open({ path: join(dataDir, 'coffer.db') });
  try {
    expect((await store.getUser('000000000000', 'app'))?.arn).toBe('arn:aws:iam::000000000000:user/app');
    expect((await store.listGroupsForUser('000000000000', 'app')).map((g) => g.groupName)).toEqual(['readers']);
    expect(await store.listAttachedPolicies('000000000000', 'group', 'readers')).toEqual(['arn:aws:iam::000000000000:policy/read-all']);
  } finally {
    await store.close();
  }
});
