import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';

let coffer: TestCoffer;
let sm: ReturnType<TestCoffer['client']>;
let clock = Date.now();
beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => clock, purgeIntervalMs: 3_600_000 });
  sm = coffer.client();
});
afterAll(() => coffer.destroy());

const unique = () => `life-${randomUUID().slice(0, 8)}`;
const DAY = 24 * 60 * 60 * 1000;

describe('DeleteSecret and RestoreSecret', () => {
  it('schedules deletion with a recovery window; the secret refuses reads and writes but can be described and restored', async () => {
    const name = unique();
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const out = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    expect(out.ARN).toBe(ARN);
    expect(out.Name).toBe(name);
    expect(Math.abs(out.DeletionDate!.getTime() - (clock + 7 * DAY))).toBeLessThan(1000);
    const marked = { name: 'InvalidRequestException', message: "You can't perform this operation on the secret because it was marked for deletion.", status: 400 };
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name })))).toEqual(marked);
    expect(await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y' })))).toEqual(marked);
    expect(await awsError(() => sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'd' })))).toEqual(marked);
    expect(await awsError(() => sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: 'b' }] })))).toEqual(marked);
    expect(await awsError(() => sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['a'] })))).toEqual(marked);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    expect(described.VersionIdsToStages).toBeDefined();
    expect(await awsError(() => sm.send(new CreateSecretCommand({ Name: name, SecretString: 'z' })))).toMatchObject({
      name: 'InvalidRequestException',
      message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
    });
    expect((await awsError(() => sm.send(new DeleteSecretCommand({ SecretId: name })))).name).toBe('InvalidRequestException');
    const restored = await sm.send(new RestoreSecretCommand({ SecretId: name }));
    expect(restored).toMatchObject({ ARN, Name: name });
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
  });

  it('validates the recovery window and its exclusivity with ForceDeleteWithoutRecovery', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    for (const days of [6, 31]) {
      expect(await awsError(() => sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: days })))).toMatchObject({
        name: 'InvalidParameterException',
        message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
      });
    }
    expect(await awsError(() => sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))).toMatchObject({
      name: 'InvalidParameterException',
      message: "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
  });

  it('default window is 30 days', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const out = await sm.send(new DeleteSecretCommand({ SecretId: name }));
    expect(Math.round((out.DeletionDate!.getTime() - clock) / DAY)).toBe(30);
  });

  it('force delete removes at once, also when already scheduled; the name is free again with a new ARN', async () => {
    const name = unique();
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const forced = await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect(forced.ARN).toBe(first.ARN);
    expect(await awsError(() => sm.send(new DescribeSecretCommand({ SecretId: name })))).toMatchObject({ name: 'ResourceNotFoundException' });
    const second = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'y' }));
    expect(second.ARN).not.toBe(first.ARN);
  });

  it('force delete of a secret that does not exist answers as if it existed', async () => {
    const name = unique();
    const out = await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect(out.Name).toBe(name);
    expect(out.ARN).toMatch(new RegExp(`secret:${name}-[A-Za-z0-9]{6}$`));
    expect(out.DeletionDate).toBeInstanceOf(Date);
    expect((await awsError(() => sm.send(new DeleteSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
  });

  it('a secret whose window has passed is gone at once, before the purge runs: no restore, name free again', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const { restoreSecret, purgeDueSecrets } = await import('../../src/domain/secrets/lifecycle.js');
    const scope = { accountId: '000000000000', region: 'us-east-1' };
    const later = clock + 7 * DAY + 1000;
    await expect(restoreSecret(coffer.engine.store, scope, name, later)).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    const realClock = clock;
    clock = later;
    const recreated = await coffer.engine.createSecret(scope, { name, token: randomUUID(), value: { type: 'string', text: 'new' } });
    clock = realClock;
    expect(recreated.secret.name).toBe(name);
    // A restore acknowledged before the purge's transaction wins over a purge that had already listed the secret.
    const other = unique();
    await sm.send(new CreateSecretCommand({ Name: other, SecretString: 'y' }));
    await sm.send(new DeleteSecretCommand({ SecretId: other, RecoveryWindowInDays: 7 }));
    const purge = purgeDueSecrets(coffer.engine.store, later); // lists `other` as due …
    const restore = restoreSecret(coffer.engine.store, scope, other, clock); // … and a restore commits before its delete
    await restore;
    expect((await purge).map((s) => s.name)).not.toContain(other);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: other }))).SecretString).toBe('y');
  });

  it('keeps the 100 newest versions and every version younger than 24 hours; a removed version says so', async () => {
    const name = unique();
    const scope = { accountId: '000000000000', region: 'us-east-1' };
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v0' }));
    for (let i = 1; i <= 120; i++) await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `v${i}` }));
    const all = async () => (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 100 }))).Versions!.length;
    const countAll = async () => {
      let total = 0;
      let token: string | undefined;
      do {
        const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true, MaxResults: 100, NextToken: token }));
        total += page.Versions!.length;
        token = page.NextToken;
      } while (token);
      return total;
    };
    expect(await all()).toBe(100);
    expect(await countAll()).toBe(121); // all younger than 24 hours: kept
    const realClock = clock;
    clock += DAY + 60_000;
    await coffer.engine.putSecretValue(scope, { secretId: name, token: randomUUID(), value: { type: 'string', text: 'later' } });
    clock = realClock;
    expect(await countAll()).toBe(100);
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: first.VersionId })))).toMatchObject({
      name: 'InvalidRequestException',
      message: `You can't perform this operation on secret version ${first.VersionId} because it was deleted.`,
    });
    expect(await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'again', ClientRequestToken: first.VersionId })))).toMatchObject({
      name: 'ResourceExistsException',
    });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('later');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('v120');
  });

  it('the background task purges secrets whose window has passed', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const { purgeDueSecrets } = await import('../../src/domain/secrets/lifecycle.js');
    expect(await purgeDueSecrets(coffer.engine.store, clock + 6 * DAY)).toEqual([]);
    clock += 7 * DAY + 1000;
    const purged = await purgeDueSecrets(coffer.engine.store, clock);
    expect(purged.map((s) => s.name)).toContain(name);
    clock = Date.now(); // back to real time, so the SDK's signatures are current again
    expect(await awsError(() => sm.send(new DescribeSecretCommand({ SecretId: name })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
