/**
 * IAM user and role tags (Tag/Untag/List, CreateRole/GetRole tags, limits, case rules, aws:PrincipalTag from the next
 * request on) and GetAccessKeyLastUsed, through the real clients.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

const ACCOUNT = '000000000000';
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let coffer: TestCoffer;
let offsetMs = 0;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];

function as<T extends { destroy(): void }>(make: new (config: object) => T, credentials: Creds, region = 'us-east-1'): T {
  const client = new make({ endpoint: coffer.endpoint, region, credentials, maxAttempts: 1, systemClockOffset: offsetMs });
  clients.push(client);
  return client;
}

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function user(name: string, policy?: string): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

const userTags = async (name: string) => (await iam.send(new ListUserTagsCommand({ UserName: name }))).Tags;
const roleTags = async (name: string) => (await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags;
const many = (count: number, prefix = 'k'): Tag[] => Array.from({ length: count }, (_, i) => ({ Key: `${prefix}${String(i).padStart(2, '0')}`, Value: 'v' }));
const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
const denied = (arn: string) =>
  `User: ${arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: payments/db because no identity-based policy allows the secretsmanager:GetSecretValue action`;
const readPaymentsAsTeam = doc({
  Effect: 'Allow',
  Action: 'secretsmanager:GetSecretValue',
  Resource: 'arn:aws:secretsmanager:*:*:secret:payments/*',
  Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments' } },
});

beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => Date.now() + offsetMs });
  iam = as(IAMClient, coffer.rootCredentials);
  await as(SecretsManagerClient, coffer.rootCredentials).send(new CreateSecretCommand({ Name: 'payments/db', SecretString: 'payments-value' }));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
});

describe('user tags', () => {
  it('tags, lists (sorted by key), overwrites case-insensitively keeping the first spelling, and untags', async () => {
    await user('alice');
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'Env', Value: 'dev' }] }));
    expect(await userTags('alice')).toEqual([{ Key: 'Env', Value: 'dev' }, { Key: 'team', Value: 'payments' }]);
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'TEAM', Value: 'ops' }, { Key: 'phone', Value: '' }] }));
    expect(await userTags('alice')).toEqual([{ Key: 'Env', Value: 'dev' }, { Key: 'phone', Value: '' }, { Key: 'team', Value: 'ops' }]);
    expect((await iam.send(new GetUserCommand({ UserName: 'alice' }))).User!.Tags).toHaveLength(3);
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['Team', 'not-there'] }));
    expect(await userTags('alice')).toEqual([{ Key: 'Env', Value: 'dev' }, { Key: 'phone', Value: '' }]);

    const page1 = await iam.send(new ListUserTagsCommand({ UserName: 'alice', MaxItems: 1 }));
    expect(page1).toMatchObject({ Tags: [{ Key: 'Env', Value: 'dev' }], IsTruncated: true, Marker: 'Env' });
    const page2 = await iam.send(new ListUserTagsCommand({ UserName: 'alice', MaxItems: 1, Marker: page1.Marker }));
    expect(page2.Tags).toEqual([{ Key: 'phone', Value: '' }]);
    expect(page2.IsTruncated).toBe(false);
  });

  it('answers IAM\'s errors: unknown user, duplicate keys, the 50-tag quota, reserved prefix', async () => {
    for (const call of [
      () => iam.send(new TagUserCommand({ UserName: 'nobody', Tags: [{ Key: 'a', Value: 'b' }] })),
      () => iam.send(new UntagUserCommand({ UserName: 'nobody', TagKeys: ['a'] })),
      () => iam.send(new ListUserTagsCommand({ UserName: 'nobody' })),
    ]) {
      expect(await awsError(call)).toMatchObject({ name: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' });
    }
    await user('bulk');
    expect(await awsError(() => iam.send(new TagUserCommand({ UserName: 'bulk', Tags: [{ Key: 'Dept', Value: 'a' }, { Key: 'dept', Value: 'b' }] })))).toMatchObject({
      name: 'InvalidInputException',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect((await awsError(() => iam.send(new TagUserCommand({ UserName: 'bulk', Tags: [{ Key: 'aws:team', Value: 'x' }] })))).name).toBe('InvalidInputException');
    await iam.send(new TagUserCommand({ UserName: 'bulk', Tags: many(30) }));
    expect(await awsError(() => iam.send(new TagUserCommand({ UserName: 'bulk', Tags: many(30, 'other') })))).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for TagsPerUser: 50',
    });
    expect(await userTags('bulk')).toHaveLength(30);
    await iam.send(new TagUserCommand({ UserName: 'bulk', Tags: many(20, 'more') }));
    // Re-tagging keys already there (in any case) adds none.
    await iam.send(new TagUserCommand({ UserName: 'bulk', Tags: many(30).map((t) => ({ Key: t.Key!.toUpperCase(), Value: 'new' })) }));
    const tags = await userTags('bulk');
    expect(tags).toHaveLength(50);
    expect(tags!.find((t) => t.Key === 'k00')).toEqual({ Key: 'k00', Value: 'new' });
    expect((await awsError(() => iam.send(new TagUserCommand({ UserName: 'bulk', Tags: many(51) })))).message).toContain(
      "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  });

  it('is authorized against the user\'s ARN', async () => {
    const bob = await user('bob', doc({ Effect: 'Allow', Action: 'iam:ListUserTags', Resource: `arn:aws:iam::${ACCOUNT}:user/alice` }));
    const bobIam = as(IAMClient, bob);
    expect((await bobIam.send(new ListUserTagsCommand({ UserName: 'alice' }))).Tags).toBeDefined();
    expect(await awsError(() => bobIam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: iam:TagUser on resource: arn:aws:iam::${ACCOUNT}:user/alice because no identity-based policy allows the iam:TagUser action`,
    });
  });

  it('a tag change is the user\'s aws:PrincipalTag on its next request', async () => {
    const carol = await user('carol', readPaymentsAsTeam);
    const sm = as(SecretsManagerClient, carol);
    const read = () => sm.send(new GetSecretValueCommand({ SecretId: 'payments/db' }));
    const carolDenied = { name: 'AccessDeniedException', message: denied(`arn:aws:iam::${ACCOUNT}:user/carol`) };
    expect(await awsError(read)).toMatchObject(carolDenied);
    await iam.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'team', Value: 'payments' }] }));
    expect((await read()).SecretString).toBe('payments-value');
    await iam.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'Team', Value: 'ops' }] }));
    expect(await awsError(read)).toMatchObject(carolDenied);
    await iam.send(new UntagUserCommand({ UserName: 'carol', TagKeys: ['team'] }));
    expect(await awsError(read)).toMatchObject(carolDenied);
  });
});

describe('role tags', () => {
  it('CreateRole takes tags, GetRole returns them; Tag/Untag/ListRoleTags and their errors', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trustAccount, Tags: [{ Key: 'team', Value: 'payments' }] }));
    expect(Role!.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'Team', Value: 'ops' }, { Key: 'cost', Value: '42' }] }));
    expect(await roleTags('tagged')).toEqual([{ Key: 'cost', Value: '42' }, { Key: 'team', Value: 'ops' }]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['COST'] }));
    expect(await roleTags('tagged')).toEqual([{ Key: 'team', Value: 'ops' }]);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.Tags).toEqual([{ Key: 'team', Value: 'ops' }]);

    expect(await awsError(() => iam.send(new TagRoleCommand({ RoleName: 'nope', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name nope cannot be found.',
    });
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: many(49) }));
    expect(await awsError(() => iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: many(1, 'extra') })))).toMatchObject({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for TagsPerRole: 50',
    });
    const duplicate = () => iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: trustAccount, Tags: [{ Key: 'Env', Value: 'a' }, { Key: 'env', Value: 'b' }] }));
    expect(await awsError(duplicate)).toMatchObject({ name: 'InvalidInputException', message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' });
    expect((await awsError(() => iam.send(new GetRoleCommand({ RoleName: 'dup' })))).name).toBe('NoSuchEntityException');
  });

  it('role tags are the aws:PrincipalTag of its sessions; session tags win', async () => {
    const dave = await user('dave', doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trustAccount }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'p', PolicyDocument: readPaymentsAsTeam }));
    const session = async (tags?: Tag[]) => {
      const { Credentials } = await as(STSClient, dave).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/reader`, RoleSessionName: 'dave', Tags: tags }));
      const sm = as(SecretsManagerClient, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
      return () => sm.send(new GetSecretValueCommand({ SecretId: 'payments/db' }));
    };
    const daveDenied = { name: 'AccessDeniedException', message: denied(`arn:aws:sts::${ACCOUNT}:assumed-role/reader/dave`) };
    expect(await awsError(await session())).toMatchObject(daveDenied);
    await iam.send(new TagRoleCommand({ RoleName: 'reader', Tags: [{ Key: 'team', Value: 'payments' }] }));
    expect((await (await session())()).SecretString).toBe('payments-value');
    expect(await awsError(await session([{ Key: 'Team', Value: 'other' }]))).toMatchObject(daveDenied);
  });
});

describe('iam:GetAccessKeyLastUsed', () => {
  async function lastUsed(accessKeyId: string) {
    return iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
  }
  /** Key use is recorded off the request path: wait until the record shows `service`. */
  async function lastUsedWith(accessKeyId: string, service: string) {
    for (let i = 0; i < 50; i++) {
      const out = await lastUsed(accessKeyId);
      if (out.AccessKeyLastUsed?.ServiceName === service) return out;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`key use with ${service} was not recorded`);
  }

  it('answers N/A before a key is used, then the service, region and date of its last use', async () => {
    const erin = await user('erin', doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }));
    expect(await lastUsed(erin.accessKeyId)).toMatchObject({ UserName: 'erin', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    expect((await lastUsed(erin.accessKeyId)).AccessKeyLastUsed!.LastUsedDate).toBeUndefined();

    const before = Date.now();
    await as(STSClient, erin, 'eu-west-1').send(new GetCallerIdentityCommand({}));
    const sts = await lastUsedWith(erin.accessKeyId, 'sts');
    expect(sts.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'eu-west-1' });
    const firstDate = sts.AccessKeyLastUsed!.LastUsedDate!.getTime();
    expect(firstDate).toBeGreaterThanOrEqual(before - 1_000);
    expect(firstDate).toBeLessThanOrEqual(Date.now() + 1_000);

    // A denied request was still made with the key.
    expect(await awsError(() => as(SecretsManagerClient, erin).send(new GetSecretValueCommand({ SecretId: 'payments/db' })))).toMatchObject({
      name: 'AccessDeniedException',
      message: denied(`arn:aws:iam::${ACCOUNT}:user/erin`),
    });
    expect((await lastUsedWith(erin.accessKeyId, 'secretsmanager')).AccessKeyLastUsed).toMatchObject({ Region: 'us-east-1' });
  });

  it('writes a key\'s use at most once a minute for the same service and region', async () => {
    const frank = await user('frank');
    const call = () => as(STSClient, frank).send(new GetCallerIdentityCommand({}));
    await call();
    const first = (await lastUsedWith(frank.accessKeyId, 'sts')).AccessKeyLastUsed!.LastUsedDate!.getTime();
    try {
      offsetMs = 30_000;
      await call();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await lastUsed(frank.accessKeyId)).AccessKeyLastUsed!.LastUsedDate!.getTime()).toBe(first);
      offsetMs = 61_000;
      await call();
      let latest = first;
      for (let i = 0; i < 50 && latest === first; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        latest = (await lastUsed(frank.accessKeyId)).AccessKeyLastUsed!.LastUsedDate!.getTime();
      }
      expect(latest - first).toBeGreaterThanOrEqual(60_000);
    } finally {
      offsetMs = 0;
    }
  });

  it('temporary credentials do not count as a use of the key; unknown keys and strangers are refused', async () => {
    const grace = await user('grace');
    const { Credentials } = await as(STSClient, grace).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const used = (await lastUsedWith(grace.accessKeyId, 'sts')).AccessKeyLastUsed!.LastUsedDate!.getTime();
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    await as(STSClient, session, 'eu-central-1').send(new GetCallerIdentityCommand({}));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await lastUsed(grace.accessKeyId)).AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1', LastUsedDate: new Date(used) });

    expect(await awsError(() => lastUsed('AKIAAAAAAAAAAAAAAAAA'))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
    });
    const stranger = await user('stranger');
    expect(await awsError(() => as(IAMClient, stranger).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: grace.accessKeyId })))).toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/stranger is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::${ACCOUNT}:user/grace because no identity-based policy allows the iam:GetAccessKeyLastUsed action`,
    });
  });
});
