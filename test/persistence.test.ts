/** Restart persistence and the at-rest guarantee: no stored secret value appears in plaintext on disk. */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCoffer, tempDataDir } from './support/coffer.js';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('persistence', () => {
  const marker = `PLAINTEXT-MARKER-${randomUUID()}`;
  const binaryMarker = randomBytes(48);
  const name = `persist/${randomUUID().slice(0, 8)}`;
  let before: Record<string, unknown>;
  let versionsBefore: unknown;

  it('writes secrets, versions, labels, tags and dates', async () => {
    const coffer = await startTestCoffer({ dataDir });
    const sm = coffer.client('us-west-2');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: `${marker}-v1`, Description: 'kept', Tags: [{ Key: 'k', Value: 'v' }] }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `${marker}-v2` }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `${marker}-v3`, VersionStages: ['CUSTOM'] }));
    await sm.send(new CreateSecretCommand({ Name: `${name}-bin`, SecretBinary: binaryMarker }));
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    await sm.send(new CreateSecretCommand({ Name: `${name}-doomed`, SecretString: `${marker}-doomed` }));
    await sm.send(new DeleteSecretCommand({ SecretId: `${name}-doomed`, RecoveryWindowInDays: 9 }));
    const { $metadata: _m, ...described } = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    before = described;
    versionsBefore = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions;
    await coffer.close();
  });

  it('finds everything intact after a restart on the same data dir', async () => {
    const coffer = await startTestCoffer({ dataDir });
    const sm = coffer.client('us-west-2');
    const { $metadata: _m, ...described } = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described).toEqual(before);
    expect((await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions).toEqual(versionsBefore);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe(`${marker}-v2`);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'CUSTOM' }))).SecretString).toBe(`${marker}-v3`);
    expect(Buffer.from((await sm.send(new GetSecretValueCommand({ SecretId: `${name}-bin` }))).SecretBinary!)).toEqual(binaryMarker);
    const doomed = await sm.send(new DescribeSecretCommand({ SecretId: `${name}-doomed` }));
    expect(doomed.DeletedDate).toBeInstanceOf(Date);
    await coffer.close();
  });

  it('stores no plaintext secret value anywhere in the data dir', () => {
    const needles = [Buffer.from(marker), Buffer.from(marker, 'utf16le'), binaryMarker, Buffer.from(binaryMarker.toString('base64'))];
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('coffer.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), `${file} contains a secret value`).toBe(false);
    }
  });

  it('keeps the root key and root credentials readable by the owner only', () => {
    for (const file of ['dev-root.key', 'root-credentials.json']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
  });
});
