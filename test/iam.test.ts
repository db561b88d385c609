/** IAM users, access keys and inline policies through the real IAM/STS clients, enforced on Secrets Manager. */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutResourcePolicyCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

let coffer: TestCoffer;
let rootIam: IAMClient;
let rootSm: SecretsManagerClient;
const clients: { destroy(): void }[] = [];

function as<T extends { destroy(): void }>(make: new (config: object) => T, creds: { accessKeyId: string; secretAccessKey: string }): T {
  const client = new make({ endpoint: coffer.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  coffer = await startTestCoffer();
  rootIam = as(IAMClient, coffer.rootCredentials);
  rootSm = as(SecretsManagerClient, coffer.rootCredentials);
  await rootSm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'prod-password' }));
  await rootSm.send(new CreateSecretCommand({ Name: 'dev/db', SecretString: 'dev-password' }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
});

async function newUser(name: string) {
  const { User } = await rootIam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await rootIam.send(new CreateAccessKeyCommand({ UserName: name }));
  const creds = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  return { user: User!, creds, sm: as(SecretsManagerClient, creds), iam: as(IAMClient, creds), sts: as(STSClient, creds) };
}

const allowProdReads = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' }],
});

describe('IAM users and access keys', () => {
  it('creates a user with an access key that signs requests as that user', async () => {
    const alice = await newUser('alice');
    expect(alice.user).toMatchObject({ UserName: 'alice', Path: '/', Arn: 'arn:aws:iam::000000000000:user/alice' });
    expect(alice.user.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(alice.creds.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const me = await alice.sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/alice', UserId: alice.user.UserId });
    const root = await as(STSClient, coffer.rootCredentials).send(new GetCallerIdentityCommand({}));
    expect(root).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
    expect((await rootIam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toContain('alice');
    await rootIam.send(new CreateUserCommand({ UserName: 'zz-last' }));
    const all = (await rootIam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName);
    const first = await rootIam.send(new ListUsersCommand({ MaxItems: 1 }));
    expect(first).toMatchObject({ IsTruncated: true, Marker: all[0] });
    const rest = await rootIam.send(new ListUsersCommand({ Marker: first.Marker }));
    expect(rest.Users!.map((u) => u.UserName)).toEqual(all.slice(1));
    expect(rest.IsTruncated).toBe(false);
    expect((await rootIam.send(new ListUsersCommand({ Marker: 'zz-last' }))).Users).toEqual([]);
    expect((await rootIam.send(new GetUserCommand({ UserName: 'alice' }))).User!.Arn).toBe(alice.user.Arn);
  });

  it('a user without policies may do nothing, and is told so in AWS words', async () => {
    const bob = await newUser('bob');
    expect(await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toEqual({
      name: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::000000000000:user/bob is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db because no identity-based policy allows the secretsmanager:GetSecretValue action',
      status: 400,
    });
    expect((await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'no/such/secret' })))).name).toBe('AccessDeniedException');
    expect(await awsError(() => bob.sm.send(new ListSecretsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      message: 'User: arn:aws:iam::000000000000:user/bob is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action',
    });
    expect(await awsError(() => bob.iam.send(new CreateUserCommand({ UserName: 'mallory' })))).toMatchObject({ name: 'AccessDenied', status: 403 });
    // Denied before anything about an existing secret is revealed.
    expect((await awsError(() => bob.sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'guess' })))).name).toBe('AccessDeniedException');
    await rootSm.send(new CreateSecretCommand({ Name: 'old/scheduled', SecretString: 'x', ClientRequestToken: '11111111-1111-4111-8111-111111111111' }));
    await rootSm.send(new DeleteSecretCommand({ SecretId: 'old/scheduled', RecoveryWindowInDays: 7 }));
    expect((await awsError(() => bob.sm.send(new CreateSecretCommand({ Name: 'old/scheduled', SecretString: 'x' })))).name).toBe('AccessDeniedException');
    await rootSm.send(new RestoreSecretCommand({ SecretId: 'old/scheduled' }));
    const replay = new CreateSecretCommand({ Name: 'old/scheduled', SecretString: 'x', ClientRequestToken: '11111111-1111-4111-8111-111111111111' });
    expect((await awsError(() => bob.sm.send(replay))).name).toBe('AccessDeniedException');
    expect((await awsError(() => bob.sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['prod'] }] })))).name).toBe('AccessDeniedException');
    expect((await awsError(() => bob.sm.send(new ValidateResourcePolicyCommand({ SecretId: 'prod/db', ResourcePolicy: '{' })))).name).toBe('AccessDeniedException');
  });

  it('a policy allowing GetSecretValue on prod/* reads prod/db and is denied dev/db', async () => {
    const carol = await newUser('carol');
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'prod-reader', PolicyDocument: allowProdReads }));
    expect((await carol.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod-password');
    expect((await awsError(() => carol.sm.send(new GetSecretValueCommand({ SecretId: 'dev/db' })))).name).toBe('AccessDeniedException');
    const stored = await rootIam.send(new GetUserPolicyCommand({ UserName: 'carol', PolicyName: 'prod-reader' }));
    expect(JSON.parse(decodeURIComponent(stored.PolicyDocument!))).toEqual(JSON.parse(allowProdReads));
    expect((await rootIam.send(new ListUserPoliciesCommand({ UserName: 'carol' }))).PolicyNames).toEqual(['prod-reader']);
  });

  it('an explicit Deny with a tag condition beats the Allow', async () => {
    const dave = await newUser('dave');
    await rootSm.send(new CreateSecretCommand({ Name: 'prod/locked', SecretString: 'x', Tags: [{ Key: 'classification', Value: 'restricted' }] }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
        { Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*', Condition: { StringEquals: { 'secretsmanager:ResourceTag/classification': 'restricted' } } },
      ],
    });
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'p', PolicyDocument: policy }));
    expect((await dave.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod-password');
    expect(await awsError(() => dave.sm.send(new GetSecretValueCommand({ SecretId: 'prod/locked' })))).toMatchObject({
      name: 'AccessDeniedException',
      message: 'User: arn:aws:iam::000000000000:user/dave is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/locked with an explicit deny in an identity-based policy',
    });
    await rootSm.send(new TagResourceCommand({ SecretId: 'prod/db', Tags: [{ Key: 'classification', Value: 'restricted' }] }));
    expect((await awsError(() => dave.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('AccessDeniedException');
    await rootSm.send(new TagResourceCommand({ SecretId: 'prod/db', Tags: [{ Key: 'classification', Value: 'open' }] }));
  });

  it('policy variables and principal tags: ${aws:username} and aws:PrincipalTag/team', async () => {
    await rootIam.send(new CreateUserCommand({ UserName: 'hana', Tags: [{ Key: 'team', Value: 'payments' }] }));
    const { AccessKey } = await rootIam.send(new CreateAccessKeyCommand({ UserName: 'hana' }));
    const hana = as(SecretsManagerClient, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await rootSm.send(new CreateSecretCommand({ Name: 'home/hana/token', SecretString: 'mine' }));
    await rootSm.send(new CreateSecretCommand({ Name: 'teams/payments/key', SecretString: 'team' }));
    await rootSm.send(new CreateSecretCommand({ Name: 'teams/search/key', SecretString: 'other team' }));
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:home/${aws:username}/*' },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:teams/${aws:PrincipalTag/team}/*' },
      ],
    });
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'hana', PolicyName: 'p', PolicyDocument: policy }));
    expect((await hana.send(new GetSecretValueCommand({ SecretId: 'home/hana/token' }))).SecretString).toBe('mine');
    expect((await hana.send(new GetSecretValueCommand({ SecretId: 'teams/payments/key' }))).SecretString).toBe('team');
    expect((await awsError(() => hana.send(new GetSecretValueCommand({ SecretId: 'teams/search/key' })))).name).toBe('AccessDeniedException');
  });

  it('a resource policy can grant a same-account user what no identity policy does', async () => {
    const erin = await newUser('erin');
    await rootSm.send(new CreateSecretCommand({ Name: 'shared/token', SecretString: 'shared' }));
    expect((await awsError(() => erin.sm.send(new GetSecretValueCommand({ SecretId: 'shared/token' })))).name).toBe('AccessDeniedException');
    const grant = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: erin.user.Arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
    });
    await rootSm.send(new PutResourcePolicyCommand({ SecretId: 'shared/token', ResourcePolicy: grant }));
    expect((await erin.sm.send(new GetSecretValueCommand({ SecretId: 'shared/token' }))).SecretString).toBe('shared');
  });

  it('an inactive key is refused; reactivated, it works again', async () => {
    const frank = await newUser('frank');
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'frank', PolicyName: 'p', PolicyDocument: allowProdReads }));
    await rootIam.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: frank.creds.accessKeyId, Status: 'Inactive' }));
    expect(await awsError(() => frank.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    expect((await awsError(() => frank.sts.send(new GetCallerIdentityCommand({}))))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    await rootIam.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: frank.creds.accessKeyId, Status: 'Active' }));
    expect((await frank.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod-password');
    const keys = await rootIam.send(new ListAccessKeysCommand({ UserName: 'frank' }));
    expect(keys.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.Status])).toEqual([[frank.creds.accessKeyId, 'Active']]);
    expect(JSON.stringify(keys)).not.toContain(frank.creds.secretAccessKey);
  });

  it('authorizes IAM calls against the target user\'s real ARN, path included', async () => {
    await rootIam.send(new CreateUserCommand({ UserName: 'ops-admin', Path: '/ops/' }));
    const helpdesk = await newUser('helpdesk');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::000000000000:user/ops/*' },
      ],
    });
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'helpdesk', PolicyName: 'p', PolicyDocument: policy }));
    expect((await awsError(() => helpdesk.iam.send(new CreateAccessKeyCommand({ UserName: 'ops-admin' })))).name).toBe('AccessDenied');
    expect((await awsError(() => helpdesk.iam.send(new PutUserPolicyCommand({ UserName: 'ops-admin', PolicyName: 'x', PolicyDocument: allowProdReads })))).name).toBe('AccessDenied');
    expect((await awsError(() => helpdesk.iam.send(new CreateUserCommand({ UserName: 'ops-two', Path: '/ops/' })))).name).toBe('AccessDenied');
    expect((await helpdesk.iam.send(new CreateUserCommand({ UserName: 'plain-user' }))).User!.UserName).toBe('plain-user');
  });

  it("gives IAM's errors and refuses to delete a user that still has keys or policies", async () => {
    const gina = await newUser('gina');
    expect(await awsError(() => rootIam.send(new GetUserCommand({ UserName: 'nobody' })))).toEqual({
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
      status: 404,
    });
    expect(await awsError(() => rootIam.send(new CreateUserCommand({ UserName: 'GINA' })))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    expect(await awsError(() => rootIam.send(new DeleteUserCommand({ UserName: 'gina' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete access keys first.',
      status: 409,
    });
    await rootIam.send(new CreateAccessKeyCommand({ UserName: 'gina' }));
    expect(await awsError(() => rootIam.send(new CreateAccessKeyCommand({ UserName: 'gina' })))).toMatchObject({ name: 'LimitExceededException', status: 409 });
    expect(await awsError(() => rootIam.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"' })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      status: 400,
    });
    expect((await awsError(() => rootIam.send(new CreateUserCommand({ UserName: 'bad name!' })))).name).toBe('ValidationError');
    for (const key of (await rootIam.send(new ListAccessKeysCommand({ UserName: 'gina' }))).AccessKeyMetadata!) {
      await rootIam.send(new DeleteAccessKeyCommand({ UserName: 'gina', AccessKeyId: key.AccessKeyId }));
    }
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'p', PolicyDocument: allowProdReads }));
    expect((await awsError(() => rootIam.send(new DeleteUserCommand({ UserName: 'gina' })))).message).toBe('Cannot delete entity, must delete policies first.');
    await rootIam.send(new DeleteUserPolicyCommand({ UserName: 'gina', PolicyName: 'p' }));
    await rootIam.send(new DeleteUserCommand({ UserName: 'gina' }));
    expect((await awsError(() => gina.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('UnrecognizedClientException');
  });
});

describe('IAM groups', () => {
  it("a user gets its groups' policies; membership and the group's lifecycle follow IAM's rules", async () => {
    const ivan = await newUser('ivan');
    expect((await awsError(() => ivan.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('AccessDeniedException');
    const { Group } = await rootIam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    expect(Group).toMatchObject({ GroupName: 'readers', Path: '/', Arn: 'arn:aws:iam::000000000000:group/readers' });
    expect(Group!.GroupId).toMatch(/^AGPA[A-Z0-9]{17}$/);
    await rootIam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read-prod', PolicyDocument: allowProdReads }));
    await rootIam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'ivan' }));
    await rootIam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'ivan' })); // idempotent
    expect((await ivan.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod-password');
    expect((await rootIam.send(new GetGroupCommand({ GroupName: 'readers' }))).Users!.map((u) => u.UserName)).toEqual(['ivan']);
    expect((await rootIam.send(new ListGroupsForUserCommand({ UserName: 'ivan' }))).Groups!.map((g) => g.GroupName)).toEqual(['readers']);
    expect((await rootIam.send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames).toEqual(['read-prod']);
    expect(JSON.parse(decodeURIComponent((await rootIam.send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read-prod' }))).PolicyDocument!))).toEqual(
      JSON.parse(allowProdReads),
    );
    expect((await rootIam.send(new ListGroupsCommand({}))).Groups!.map((g) => g.GroupName)).toContain('readers');
    expect(await awsError(() => rootIam.send(new DeleteGroupCommand({ GroupName: 'readers' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    expect(await awsError(() => rootIam.send(new CreateGroupCommand({ GroupName: 'Readers' })))).toMatchObject({ name: 'EntityAlreadyExistsException' });
    await rootIam.send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'ivan' }));
    expect((await awsError(() => ivan.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('AccessDeniedException');
    await rootIam.send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read-prod' }));
    await rootIam.send(new DeleteGroupCommand({ GroupName: 'readers' }));
    expect(await awsError(() => rootIam.send(new GetGroupCommand({ GroupName: 'readers' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  });
});
