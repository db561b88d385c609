/** KMS aliases through the real KMS client: create, update (the alias moves), delete, list, and their errors. */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, keyArnOf } from './kms-support.js';

let coffer: TestCoffer;
let clients: Clients;
let kms: KMSClient;
const aliasArn = (name: string, region = 'us-east-1') => `arn:aws:kms:${region}:000000000000:${name}`;

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new Clients(coffer);
  kms = clients.kms();
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

async function newKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

describe('CreateAlias and ListAliases', () => {
  it('creates an alias, listed with its ARN, target and dates', async () => {
    const keyId = await newKey();
    const before = Date.now();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app/orders', TargetKeyId: keyArnOf(keyId) }));
    const { Aliases, Truncated } = await kms.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(Truncated).toBe(false);
    expect(Aliases).toHaveLength(1);
    const { CreationDate, LastUpdatedDate, ...entry } = Aliases![0]!;
    expect(entry).toEqual({ AliasName: 'alias/app/orders', AliasArn: aliasArn('alias/app/orders'), TargetKeyId: keyId });
    expect(CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(LastUpdatedDate).toEqual(CreationDate);
  });

  it('refuses a duplicate, a missing prefix, invalid characters, an alias as target, and the reserved alias/aws/ prefix', async () => {
    const keyId = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId }));
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId })))).toEqual({
      name: 'AlreadyExistsException',
      message: `An alias with the name ${aliasArn('alias/dup')} already exists`,
      status: 400,
    });
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: keyId })))).toEqual({
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      status: 400,
    });
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/Service:Test', TargetKeyId: keyId })))).toEqual({
      name: 'ValidationException',
      message: 'alias/Service:Test contains invalid characters for an alias',
      status: 400,
    });
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/has.dot', TargetKeyId: keyId })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'alias/has.dot' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
      status: 400,
    });
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: 'alias/dup' })))).toEqual({
      name: 'ValidationException',
      message: 'Aliases must refer to keys. Not aliases',
      status: 400,
    });
    for (const reserved of ['alias/aws/secretsmanager', 'alias/aws/mine']) {
      expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: reserved, TargetKeyId: keyId })))).toEqual({
        name: 'NotAuthorizedException',
        message: 'UnknownError',
        status: 400,
      });
    }
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/ghost', TargetKeyId: '11111111-2222-3333-4444-555555555555' })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf('11111111-2222-3333-4444-555555555555')}' does not exist`,
      status: 400,
    });
  });

  it('refuses an alias for a key pending deletion', async () => {
    const keyId = await newKey();
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(await awsError(() => kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: keyId })))).toEqual({
      name: 'KMSInvalidStateException',
      message: `${keyArnOf(keyId)} is pending deletion.`,
      status: 400,
    });
  });

  it('keeps aliases per region: the same name may exist in two regions', async () => {
    const east = await newKey();
    const westClient = clients.kms(coffer.rootCredentials, 'us-west-2');
    const west = (await westClient.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/both', TargetKeyId: east }));
    await westClient.send(new CreateAliasCommand({ AliasName: 'alias/both', TargetKeyId: west }));
    expect((await westClient.send(new DescribeKeyCommand({ KeyId: 'alias/both' }))).KeyMetadata!.KeyId).toBe(west);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/both' }))).KeyMetadata!.KeyId).toBe(east);
    expect((await westClient.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasArn)).toEqual([aliasArn('alias/both', 'us-west-2')]);
  });

  it('lists in alias-name order and pages with Limit/Marker', async () => {
    const client = clients.kms(coffer.rootCredentials, 'ap-south-1');
    const keyId = (await client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const names = ['alias/c', 'alias/a', 'alias/e', 'alias/b', 'alias/d'];
    for (const name of names) await client.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }));
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListAliasesCommand({ Limit: 2, Marker: marker }));
      seen.push(...page.Aliases!.map((a) => a.AliasName!));
      marker = page.NextMarker;
      expect(page.Truncated).toBe(marker !== undefined);
    } while (marker);
    expect(seen).toEqual([...names].sort());
    expect(await awsError(() => client.send(new ListAliasesCommand({ Marker: Buffer.from('ListKeys\nx').toString('base64url') })))).toEqual({
      name: 'InvalidMarkerException',
      message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
      status: 400,
    });
  });

  it('filters by KeyId, which must name an existing key', async () => {
    expect(await awsError(() => kms.send(new ListAliasesCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArnOf('11111111-2222-3333-4444-555555555555')}' does not exist`,
      status: 400,
    });
  });
});

describe('UpdateAlias', () => {
  it('moves an alias: Encrypt via the alias then Decrypt works, DescribeKey shows the new key', async () => {
    const first = await newKey();
    const second = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: first }));
    const before = await kms.send(new EncryptCommand({ KeyId: 'alias/moving', Plaintext: Buffer.from('under first') }));
    expect(before.KeyId).toBe(keyArnOf(first));

    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: second }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/moving' }))).KeyMetadata!.KeyId).toBe(second);
    const after = await kms.send(new EncryptCommand({ KeyId: 'alias/moving', Plaintext: Buffer.from('under second') }));
    expect(after.KeyId).toBe(keyArnOf(second));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).Plaintext!).toString()).toBe('under second');
    const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    expect([Buffer.from(old.Plaintext!).toString(), old.KeyId]).toEqual(['under first', keyArnOf(first)]);

    const [entry] = (await kms.send(new ListAliasesCommand({ KeyId: second }))).Aliases!;
    expect(entry!.TargetKeyId).toBe(second);
    expect(entry!.LastUpdatedDate!.getTime()).toBeGreaterThanOrEqual(entry!.CreationDate!.getTime());
    expect((await kms.send(new ListAliasesCommand({ KeyId: first }))).Aliases).toEqual([]);
  });

  it('fails for an alias that does not exist or a reserved name', async () => {
    const keyId = await newKey();
    expect(await awsError(() => kms.send(new UpdateAliasCommand({ AliasName: 'alias/nowhere', TargetKeyId: keyId })))).toEqual({
      name: 'NotFoundException',
      message: `Alias ${aliasArn('alias/nowhere')} is not found.`,
      status: 400,
    });
    expect((await awsError(() => kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/secretsmanager', TargetKeyId: keyId })))).name).toBe(
      'NotAuthorizedException',
    );
  });
});

describe('DeleteAlias', () => {
  it('deletes an alias; the key stays', async () => {
    const keyId = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/short-lived', TargetKeyId: keyId }));
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/short-lived' }));
    expect(await awsError(() => kms.send(new DescribeKeyCommand({ KeyId: 'alias/short-lived' })))).toEqual({
      name: 'NotFoundException',
      message: `Alias ${aliasArn('alias/short-lived')} is not found.`,
      status: 400,
    });
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Enabled');
    expect(await awsError(() => kms.send(new DeleteAliasCommand({ AliasName: 'alias/short-lived' })))).toEqual({
      name: 'NotFoundException',
      message: `Alias ${aliasArn('alias/short-lived')} is not found.`,
      status: 400,
    });
  });

  it('refuses the reserved alias/aws/ names', async () => {
    expect((await awsError(() => kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/secretsmanager' })))).name).toBe('NotAuthorizedException');
  });
});

describe('alias/aws/secretsmanager', () => {
  it('is created on first use as an AWS managed key, listed with its alias', async () => {
    const client = clients.kms(coffer.rootCredentials, 'sa-east-1');
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/aws/secretsmanager' }));
    expect(KeyMetadata!.KeyManager).toBe('AWS');
    expect(KeyMetadata!.Description).toBe('Default key that protects my Secrets Manager data when no other key is defined');
    const { Aliases } = await client.send(new ListAliasesCommand({}));
    expect(Aliases!.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([['alias/aws/secretsmanager', KeyMetadata!.KeyId]]);
  });
});
