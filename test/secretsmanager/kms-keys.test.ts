/** Secrets under KMS keys: the AWS managed default key, customer keys chosen per secret, key state and KMS permissions. */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  KMSClient,
  ListAliasesCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';

let coffer: TestCoffer;
let sm: SecretsManagerClient;
let kms: KMSClient;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];

function as<T extends { destroy(): void }>(make: new (config: object) => T, creds: { accessKeyId: string; secretAccessKey: string }): T {
  const client = new make({ endpoint: coffer.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  coffer = await startTestCoffer();
  sm = as(SecretsManagerClient, coffer.rootCredentials);
  kms = as(KMSClient, coffer.rootCredentials);
  iam = as(IAMClient, coffer.rootCredentials);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
});

async function newKey(description = 'test key'): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: description }));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

async function read(secretId: string, versionStage?: string): Promise<string | undefined> {
  return (await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: versionStage }))).SecretString;
}

describe('the AWS managed key aws/secretsmanager', () => {
  it('is created on first use and protects secrets created without a KmsKeyId, which DescribeSecret omits', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'default-key', SecretString: 'under the default key' }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'default-key' }));
    expect(described.KmsKeyId).toBeUndefined();
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'default-key' }));
    expect(versions.Versions![0]!.KmsKeyIds).toEqual(['DefaultEncryptionKey']);
    const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases!;
    const alias = aliases.find((a) => a.AliasName === 'alias/aws/secretsmanager');
    expect(alias?.TargetKeyId).toMatch(/^[0-9a-f-]{36}$/);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    expect(KeyMetadata).toMatchObject({ KeyId: alias!.TargetKeyId, KeyManager: 'AWS', KeyState: 'Enabled' });
    expect(await read('default-key')).toBe('under the default key');
  });

  it('cannot be disabled or scheduled for deletion by a caller', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    for (const send of [
      () => kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId })),
      () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.Arn, PendingWindowInDays: 7 })),
    ]) {
      expect(await awsError(send)).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    }
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }))).KeyMetadata!.KeyState).toBe('Enabled');
    expect(await read('default-key')).toBe('under the default key');
  });

  it('naming it explicitly is the same as naming no key', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'explicit-default', KmsKeyId: 'alias/aws/secretsmanager', SecretString: 'x' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'explicit-default' }))).KmsKeyId).toBeUndefined();
  });
});

describe('customer managed keys', () => {
  it('a secret under a key chosen by alias records the key ARN and reads back', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/payments', TargetKeyId: key.keyId }));
    await sm.send(new CreateSecretCommand({ Name: 'cmk/by-alias', KmsKeyId: 'alias/payments', SecretString: 'cmk value' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'cmk/by-alias' }))).KmsKeyId).toBe(key.arn);
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'cmk/by-alias' }));
    expect(versions.Versions![0]!.KmsKeyIds).toEqual([key.arn]);
    expect(await read('cmk/by-alias')).toBe('cmk value');
  });

  it('accepts key id, key ARN and alias ARN; an unknown key fails with EncryptionFailure and creates nothing', async () => {
    const key = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/forms', TargetKeyId: key.arn }));
    for (const [name, kmsKeyId] of [
      ['cmk/by-id', key.keyId],
      ['cmk/by-arn', key.arn],
      ['cmk/by-alias-arn', 'arn:aws:kms:us-east-1:000000000000:alias/forms'],
    ] as const) {
      await sm.send(new CreateSecretCommand({ Name: name, KmsKeyId: kmsKeyId, SecretString: name }));
      expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId).toBe(key.arn);
      expect(await read(name)).toBe(name);
    }
    const missing = 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000';
    expect(await awsError(() => sm.send(new CreateSecretCommand({ Name: 'cmk/missing', KmsKeyId: missing, SecretString: 'x' })))).toEqual({
      name: 'EncryptionFailure',
      message: `Secrets Manager can't encrypt the secret value: Key '${missing}' does not exist`,
      status: 400,
    });
    expect((await awsError(() => sm.send(new DescribeSecretCommand({ SecretId: 'cmk/missing' })))).name).toBe('ResourceNotFoundException');
  });

  it('a disabled key makes reads fail with DecryptionFailure and writes with EncryptionFailure; enabling restores access', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cmk/disable', KmsKeyId: key.keyId, SecretString: 'before disable' }));
    await kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    expect(await awsError(() => read('cmk/disable'))).toEqual({
      name: 'DecryptionFailure',
      message: `Secrets Manager can't decrypt the protected secret text using the provided KMS key. ${key.arn} is disabled.`,
      status: 400,
    });
    expect(await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: 'cmk/disable', SecretString: 'during' })))).toEqual({
      name: 'EncryptionFailure',
      message: `Secrets Manager can't encrypt the secret value: ${key.arn} is disabled.`,
      status: 400,
    });
    expect((await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'cmk/disable' }))).Versions).toHaveLength(1);
    await kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await read('cmk/disable')).toBe('before disable');
  });

  it('a key pending deletion blocks reads until the deletion is cancelled and the key enabled', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cmk/pending', KmsKeyId: key.keyId, SecretString: 'pending value' }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    expect(await awsError(() => read('cmk/pending'))).toMatchObject({
      name: 'DecryptionFailure',
      message: `Secrets Manager can't decrypt the protected secret text using the provided KMS key. ${key.arn} is pending deletion.`,
    });
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    expect((await awsError(() => read('cmk/pending'))).message).toContain('is disabled.');
    await kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await read('cmk/pending')).toBe('pending value');
  });

  it('changing the key encrypts only new versions under it; old versions keep their key', async () => {
    const first = await newKey();
    const second = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cmk/switch', KmsKeyId: first.keyId, SecretString: 'v1 under first' }));
    await sm.send(new UpdateSecretCommand({ SecretId: 'cmk/switch', KmsKeyId: second.arn, SecretString: 'v2 under second' }));
    const versions = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'cmk/switch' }))).Versions!;
    const byStage = (stage: string) => versions.find((v) => v.VersionStages?.includes(stage))!;
    expect(byStage('AWSPREVIOUS').KmsKeyIds).toEqual([first.arn]);
    expect(byStage('AWSCURRENT').KmsKeyIds).toEqual([second.arn]);
    await kms.send(new DisableKeyCommand({ KeyId: first.keyId }));
    expect(await read('cmk/switch')).toBe('v2 under second');
    expect((await awsError(() => read('cmk/switch', 'AWSPREVIOUS'))).name).toBe('DecryptionFailure');
    await kms.send(new EnableKeyCommand({ KeyId: first.keyId }));
    expect(await read('cmk/switch', 'AWSPREVIOUS')).toBe('v1 under first');
    await sm.send(new UpdateSecretCommand({ SecretId: 'cmk/switch', KmsKeyId: '' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'cmk/switch' }))).KmsKeyId).toBeUndefined();
  });

  it('after key rotation, versions written before and after it both read', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cmk/rotated', KmsKeyId: key.keyId, SecretString: 'before rotation' }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'cmk/rotated', SecretString: 'after rotation' }));
    expect(await read('cmk/rotated')).toBe('after rotation');
    expect(await read('cmk/rotated', 'AWSPREVIOUS')).toBe('before rotation');
  });

  it('an alias moved to another key governs only the secrets created through it afterwards', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: a.keyId }));
    await sm.send(new CreateSecretCommand({ Name: 'cmk/alias-a', KmsKeyId: 'alias/moving', SecretString: 'a' }));
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: b.keyId }));
    await sm.send(new CreateSecretCommand({ Name: 'cmk/alias-b', KmsKeyId: 'alias/moving', SecretString: 'b' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'cmk/alias-a' }))).KmsKeyId).toBe(a.arn);
    expect((await sm.send(new DescribeSecretCommand({ SecretId: 'cmk/alias-b' }))).KmsKeyId).toBe(b.arn);
    expect([await read('cmk/alias-a'), await read('cmk/alias-b')]).toEqual(['a', 'b']);
  });
});

describe('KMS permissions of the caller', () => {
  async function userAllowedToRead(name: string): Promise<SecretsManagerClient> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'read', PolicyDocument: JSON.stringify(policy) }));
    return as(SecretsManagerClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
  }

  it('the default key needs no KMS permission; a customer key needs kms:Decrypt / kms:GenerateDataKey on it', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'perm/default', SecretString: 'default' }));
    await sm.send(new CreateSecretCommand({ Name: 'perm/cmk', KmsKeyId: key.keyId, SecretString: 'cmk' }));
    const reader = await userAllowedToRead('kms-reader');
    expect((await reader.send(new GetSecretValueCommand({ SecretId: 'perm/default' }))).SecretString).toBe('default');
    expect(await awsError(() => reader.send(new GetSecretValueCommand({ SecretId: 'perm/cmk' })))).toEqual({
      name: 'AccessDeniedException',
      message: 'Access to KMS is not allowed',
      status: 400,
    });
    expect((await awsError(() => reader.send(new PutSecretValueCommand({ SecretId: 'perm/cmk', SecretString: 'new' })))).message).toBe(
      'Access to KMS is not allowed',
    );
    const kmsPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.arn }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'kms-reader', PolicyName: 'kms', PolicyDocument: JSON.stringify(kmsPolicy) }));
    expect((await reader.send(new GetSecretValueCommand({ SecretId: 'perm/cmk' }))).SecretString).toBe('cmk');
    await reader.send(new PutSecretValueCommand({ SecretId: 'perm/cmk', SecretString: 'written by reader' }));
    expect(await read('perm/cmk')).toBe('written by reader');
  });

  it('a key policy that does not delegate to the account makes IAM permissions on the key irrelevant', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'perm/locked', KmsKeyId: key.keyId, SecretString: 'locked' }));
    const reader = await userAllowedToRead('kms-locked-out');
    const kmsPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'kms-locked-out', PolicyName: 'kms', PolicyDocument: JSON.stringify(kmsPolicy) }));
    expect((await reader.send(new GetSecretValueCommand({ SecretId: 'perm/locked' }))).SecretString).toBe('locked');
    const onlyOther = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/someone-else' }, Action: 'kms:*', Resource: '*' }],
    };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default', Policy: JSON.stringify(onlyOther) }));
    expect((await awsError(() => reader.send(new GetSecretValueCommand({ SecretId: 'perm/locked' })))).message).toBe('Access to KMS is not allowed');
    const direct = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/kms-locked-out' }, Action: 'kms:Decrypt', Resource: '*' }],
    };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default', Policy: JSON.stringify(direct) }));
    expect((await reader.send(new GetSecretValueCommand({ SecretId: 'perm/locked' }))).SecretString).toBe('locked');
  });
});
