/**
 * Key policies through the real KMS and IAM clients: the key policy is the root of access; IAM policies count when
 * it delegates to the account (the default key policy does); a key policy can grant a user directly.
 */
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';
import { Clients, keyArnOf } from './kms-support.js';

let coffer: TestCoffer;
let clients: Clients;
let kms: KMSClient;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

beforeAll(async () => {
  coffer = await startTestCoffer();
  clients = new Clients(coffer);
  kms = clients.kms();
  iam = clients.iam();
});
afterAll(async () => {
  clients.destroy();
  await coffer.destroy();
});

/** A new IAM user with an access key, and optionally an inline identity policy. */
async function userWith(name: string, statements?: object[]): Promise<KMSClient> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (statements) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'kms', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  }
  return clients.kms({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
}

function keyPolicy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'custom', Statement: statements });
}

const denied = (user: string, action: string, resource: string | undefined, why: string) => ({
  name: 'AccessDeniedException',
  message: `User: ${userArn(user)} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''} ${why}`,
  status: 400,
});

describe('the default key policy delegates to IAM', () => {
  it('gives a key the default policy, readable with GetKeyPolicy and listed as "default"', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const { Policy, PolicyName } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }));
    expect(PolicyName).toBe('default');
    expect(JSON.parse(Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    expect(await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }))).toMatchObject({ PolicyNames: ['default'], Truncated: false });
    expect(await awsError(() => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'other' })))).toEqual({
      name: 'NotFoundException',
      message: 'No such policy exists',
      status: 400,
    });
  });

  it('lets a user whose identity policy allows kms:Encrypt on the key encrypt, and nothing else', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const alice = await userWith('alice', [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: keyArnOf(keyId) }]);
    const enc = await alice.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('from alice') }));
    expect(enc.KeyId).toBe(keyArnOf(keyId));
    expect(await awsError(() => alice.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toEqual(
      denied('alice', 'kms:Decrypt', keyArnOf(keyId), 'because no identity-based policy allows the kms:Decrypt action'),
    );
    expect(await awsError(() => alice.send(new CreateKeyCommand({})))).toEqual(
      denied('alice', 'kms:CreateKey', undefined, 'because no identity-based policy allows the kms:CreateKey action'),
    );
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect(await awsError(() => alice.send(new EncryptCommand({ KeyId: other, Plaintext: Buffer.from('x') })))).toEqual(
      denied('alice', 'kms:Encrypt', keyArnOf(other), 'because no identity-based policy allows the kms:Encrypt action'),
    );
  });

  it('evaluates kms:EncryptionContext conditions of identity policies', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const carol = await userWith('carol', [
      { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:app': 'billing' } } },
    ]);
    await carol.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'billing' } }));
    expect(await awsError(() => carol.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: { app: 'other' } })))).toEqual(
      denied('carol', 'kms:Encrypt', keyArnOf(keyId), 'because no identity-based policy allows the kms:Encrypt action'),
    );
  });
});

describe('ReEncrypt authorization', () => {
  it('needs kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination key', async () => {
    const source = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const destination = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const blob = (await kms.send(new EncryptCommand({ KeyId: source, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const liam = await userWith('liam', [{ Effect: 'Allow', Action: 'kms:ReEncryptFrom', Resource: keyArnOf(source) }]);
    expect(await awsError(() => liam.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination })))).toEqual(
      denied('liam', 'kms:ReEncryptTo', keyArnOf(destination), 'because no identity-based policy allows the kms:ReEncryptTo action'),
    );
    const mia = await userWith('mia', [{ Effect: 'Allow', Action: 'kms:ReEncryptTo', Resource: '*' }]);
    expect(await awsError(() => mia.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination })))).toEqual(
      denied('mia', 'kms:ReEncryptFrom', keyArnOf(source), 'because no identity-based policy allows the kms:ReEncryptFrom action'),
    );
    const noah = await userWith('noah', [{ Effect: 'Allow', Action: 'kms:ReEncrypt*', Resource: [keyArnOf(source), keyArnOf(destination)] }]);
    expect((await noah.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination }))).KeyId).toBe(keyArnOf(destination));
  });
});

describe('key policies that do not delegate to the account', () => {
  it('denies a user whose IAM policy allows the action, and allows a user the key policy names without any IAM policy', async () => {
    const dave = await userWith('dave', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
    const erin = await userWith('erin');
    const policy = keyPolicy(
      { Sid: 'Erin uses the key', Effect: 'Allow', Principal: { AWS: userArn('erin') }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
    );
    const keyId = (await kms.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.KeyId!;

    expect(await awsError(() => dave.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))).toEqual(
      denied('dave', 'kms:Encrypt', keyArnOf(keyId), 'because no resource-based policy allows the kms:Encrypt action'),
    );
    const enc = await erin.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('from erin') }));
    expect(Buffer.from((await erin.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext!).toString()).toBe('from erin');
    expect((await erin.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyId).toBe(keyId);
    expect(await awsError(() => erin.send(new GetKeyPolicyCommand({ KeyId: keyId })))).toEqual(
      denied('erin', 'kms:GetKeyPolicy', keyArnOf(keyId), 'because no resource-based policy allows the kms:GetKeyPolicy action'),
    );
    // The account's root user keeps access to manage the key.
    expect(JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy!)).toEqual(JSON.parse(policy));
  });

  it('lets an explicit deny in the key policy win over IAM permissions', async () => {
    const frank = await userWith('frank', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await frank.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }));
    const withDeny = JSON.parse(Policy!) as { Statement: object[] };
    withDeny.Statement.push({ Sid: 'No frank', Effect: 'Deny', Principal: { AWS: userArn('frank') }, Action: 'kms:Encrypt', Resource: '*' });
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: JSON.stringify(withDeny) }));
    expect(await awsError(() => frank.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })))).toEqual(
      denied('frank', 'kms:Encrypt', keyArnOf(keyId), 'with an explicit deny in a resource-based policy'),
    );
  });
});

describe('the key policy lockout safety check', () => {
  it('refuses a key policy that would lock the caller out of changing it, unless bypassed', async () => {
    const judy = await userWith('judy', [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
    const lockedOut = keyPolicy({ Sid: 'only kim', Effect: 'Allow', Principal: { AWS: userArn('kim') }, Action: 'kms:*', Resource: '*' });
    const lockout = { name: 'MalformedPolicyDocumentException', message: 'The new key policy will not allow you to update the key policy in the future.', status: 400 };
    expect(await awsError(() => judy.send(new CreateKeyCommand({ Policy: lockedOut })))).toEqual(lockout);
    const keyId = (await judy.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect(await awsError(() => judy.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: lockedOut })))).toEqual(lockout);
    await judy.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: lockedOut, BypassPolicyLockoutSafetyCheck: true }));
    expect(await awsError(() => judy.send(new GetKeyPolicyCommand({ KeyId: keyId })))).toEqual(
      denied('judy', 'kms:GetKeyPolicy', keyArnOf(keyId), 'because no resource-based policy allows the kms:GetKeyPolicy action'),
    );
    const created = await judy.send(new CreateKeyCommand({ Policy: lockedOut, BypassPolicyLockoutSafetyCheck: true }));
    expect(created.KeyMetadata!.KeyState).toBe('Enabled');
  });
});

describe('CreateAlias authorization', () => {
  it('needs kms:CreateAlias on the alias (IAM) as well as on the key', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const aliasArn = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/grace`;
    const grace = await userWith('grace', [{ Effect: 'Allow', Action: 'kms:CreateAlias', Resource: keyArnOf(keyId) }]);
    expect(await awsError(() => grace.send(new CreateAliasCommand({ AliasName: 'alias/grace', TargetKeyId: keyId })))).toEqual(
      denied('grace', 'kms:CreateAlias', aliasArn, 'because no identity-based policy allows the kms:CreateAlias action'),
    );
    const heidi = await userWith('heidi', [{ Effect: 'Allow', Action: 'kms:CreateAlias', Resource: aliasArn }]);
    expect(await awsError(() => heidi.send(new CreateAliasCommand({ AliasName: 'alias/grace', TargetKeyId: keyId })))).toEqual(
      denied('heidi', 'kms:CreateAlias', keyArnOf(keyId), 'because no identity-based policy allows the kms:CreateAlias action'),
    );
    const ivan = await userWith('ivan', [{ Effect: 'Allow', Action: 'kms:CreateAlias', Resource: [aliasArn, keyArnOf(keyId)] }]);
    await ivan.send(new CreateAliasCommand({ AliasName: 'alias/grace', TargetKeyId: keyId }));
  });
});

describe('PutKeyPolicy', () => {
  it('replaces the key policy and refuses a malformed one', async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const policy = keyPolicy({ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy }));
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(policy);

    const malformed = await awsError(() => kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: '{"Version": "2012-10-17", "Statement": ' })));
    expect(malformed.name).toBe('MalformedPolicyDocumentException');
    expect(malformed.message).toBe(MALFORMED_JSON);
    const noPrincipal = await awsError(() =>
      kms.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }) })),
    );
    expect(noPrincipal.name).toBe('MalformedPolicyDocumentException');
    expect(noPrincipal.message).toBe(MISSING_PRINCIPAL);
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId }))).Policy).toBe(policy);
    expect((await awsError(() => kms.send(new CreateKeyCommand({ Policy: '{' })))).name).toBe('MalformedPolicyDocumentException');
  });
});

const MALFORMED_JSON = 'Syntax errors in policy.';
const MISSING_PRINCIPAL = 'Missing required field Principal';
