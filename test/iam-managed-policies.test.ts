/** Customer managed policies (and AWS's) through the real IAM client: versions, attachments, and their effect on Secrets Manager. */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  type ListPoliciesCommandInput,
  ListPolicyVersionsCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, tempDataDir, type TestCoffer } from './support/coffer.js';

const ACCOUNT = '000000000000';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let coffer: TestCoffer;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];

function as<T extends { destroy(): void }>(make: new (config: object) => T, credentials: Creds): T {
  const client = new make({ endpoint: coffer.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

async function newUser(name: string): Promise<{ creds: Creds; sm: SecretsManagerClient; iam: IAMClient }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  const creds = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  return { creds, sm: as(SecretsManagerClient, creds), iam: as(IAMClient, creds) };
}

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string, resource: string) => ({ Effect: 'Allow', Action: action, Resource: resource });
const readProd = doc([allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:prod/*')]);
const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

async function createPolicy(name: string, document = readProd, extra: { Path?: string; Description?: string } = {}) {
  return (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, ...extra }))).Policy!;
}

beforeAll(async () => {
  coffer = await startTestCoffer();
  iam = as(IAMClient, coffer.rootCredentials);
  const sm = as(SecretsManagerClient, coffer.rootCredentials);
  for (const name of ['prod/db', 'prod/api', 'dev/db']) await sm.send(new CreateSecretCommand({ Name: name, SecretString: `${name}-value` }));
});
const dirs: string[] = [];
afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('customer managed policies', () => {
  it('CreatePolicy / GetPolicy describe the policy as IAM does; names are unique regardless of case', async () => {
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'read-prod', PolicyDocument: readProd, Path: '/team/', Description: 'Reads prod', Tags: [{ Key: 'team', Value: 'payments' }] }),
    );
    expect(created.Policy).toMatchObject({
      PolicyName: 'read-prod',
      Arn: policyArn('read-prod', '/team/'),
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    expect(created.Policy!.Description).toBeUndefined();
    expect(created.Policy!.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(created.Policy!.CreateDate).toEqual(created.Policy!.UpdateDate);
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn('read-prod', '/team/') }));
    expect(got.Policy).toEqual({ ...created.Policy, Description: 'Reads prod' });
    expect(await awsError(() => createPolicy('READ-PROD'))).toEqual({
      name: 'EntityAlreadyExistsException',
      message: 'A policy called READ-PROD already exists. Duplicate names are not allowed.',
      status: 409,
    });
    expect(await awsError(() => iam.send(new GetPolicyCommand({ PolicyArn: policyArn('read-prod') })))).toEqual({
      name: 'NoSuchEntityException',
      message: `Policy ${policyArn('read-prod')} was not found.`,
      status: 404,
    });
  });

  it('validates the document exactly as PutUserPolicy does, and the path by its pattern', async () => {
    const bad = doc([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue' }]);
    await iam.send(new CreateUserCommand({ UserName: 'validator' }));
    const inline = await awsError(() => iam.send(new PutUserPolicyCommand({ UserName: 'validator', PolicyName: 'p', PolicyDocument: bad })));
    expect(inline.name).toBe('MalformedPolicyDocumentException');
    expect(await awsError(() => createPolicy('bad', bad))).toEqual(inline);
    expect(await awsError(() => createPolicy('bad', '{'))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    expect((await awsError(() => createPolicy('bad', readProd, { Path: '/a*/' }))).status).toBe(400);
    expect((await awsError(() => createPolicy('bad', readProd, { Path: 'no-slash' }))).status).toBe(400);
    await iam.send(new DeleteUserCommand({ UserName: 'validator' }));
  });

  it('versions: at most 5, ids never reused, the default cannot be deleted, documents come back URL-encoded', async () => {
    const arn = (await createPolicy('versioned')).Arn!;
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc([allow('secretsmanager:ListSecrets', '*')]) }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    expect(v2.PolicyVersion!.Document).toBeUndefined();
    const v3 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readProd, SetAsDefault: true }));
    expect(v3.PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
    expect(policy.DefaultVersionId).toBe('v3');
    expect(policy.UpdateDate!.getTime()).toBe(v3.PolicyVersion!.CreateDate!.getTime());
    const got = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion!;
    expect(got).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    expect(JSON.parse(decodeURIComponent(got.Document!)).Statement[0].Action).toBe('secretsmanager:ListSecrets');
    for (const _ of [4, 5]) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readProd }));
    expect(await awsError(() => iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readProd })))).toEqual({
      name: 'LimitExceededException',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      status: 409,
    });
    const listed = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    expect(listed.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
    expect(listed[0]!.Document).toBeUndefined();
    const first = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
    expect(first.Versions!.map((v) => v.VersionId)).toEqual(['v5', 'v4']);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: first.Marker }));
    expect(rest.Versions!.map((v) => v.VersionId)).toEqual(['v3', 'v2', 'v1']);
    expect(rest.IsTruncated).toBe(false);

    expect(await awsError(() => iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete the default version of a policy.',
      status: 409,
    });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    expect((await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readProd }))).PolicyVersion!.VersionId).toBe('v6');
    for (const [op, make] of [
      ['GetPolicyVersion', () => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))],
      ['DeletePolicyVersion', () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))],
      ['SetDefaultPolicyVersion', () => iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))],
    ] as const) {
      expect(await awsError(make), op).toEqual({ name: 'NoSuchEntityException', message: `Policy ${arn} version v5 does not exist or is not attachable.`, status: 404 });
    }
    expect((await awsError(() => iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'version2' })))).status).toBe(400);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v1');
    expect((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion!.IsDefaultVersion).toBe(true);

    expect(await awsError(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      name: 'DeleteConflictException',
      message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      status: 409,
    });
    for (const v of ['v2', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    expect((await awsError(() => iam.send(new GetPolicyCommand({ PolicyArn: arn })))).message).toBe(`Policy ${arn} was not found.`);
    expect((await awsError(() => iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })))).message).toBe(`Policy ${arn} was not found.`);
    expect((await awsError(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).message).toBe(`Policy ${arn} was not found.`);
    // A new policy of the same name starts again at v1.
    expect((await createPolicy('versioned')).DefaultVersionId).toBe('v1');
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it('ListPolicies: scope, path prefix, only attached, paging; AWS managed policies included for All and AWS', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await createPolicy(name, readProd, { Path: '/listing/' });
    const names = async (input: ListPoliciesCommandInput) =>
      (await iam.send(new ListPoliciesCommand(input))).Policies!.map((p) => p.PolicyName);
    expect(await names({ Scope: 'Local', PathPrefix: '/listing/' })).toEqual(['list-a', 'list-b', 'list-c']);
    expect(await names({ Scope: 'AWS' })).toEqual(['AdministratorAccess']);
    const all = await names({});
    expect(all).toContain('AdministratorAccess');
    expect(all).toContain('list-b');
    expect(await names({ Scope: 'All', PathPrefix: '/listing/' })).toEqual(['list-a', 'list-b', 'list-c']);
    const listed = (await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/listing/' }))).Policies![0]!;
    expect(listed.Description).toBeUndefined();
    expect(listed.Tags).toBeUndefined();
    expect(listed).toMatchObject({ Arn: policyArn('list-a', '/listing/'), DefaultVersionId: 'v1', IsAttachable: true, AttachmentCount: 0 });

    const first = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/listing/', MaxItems: 2 }));
    expect(first.Policies!.map((p) => p.PolicyName)).toEqual(['list-a', 'list-b']);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/listing/', Marker: first.Marker }));
    expect(rest.Policies!.map((p) => p.PolicyName)).toEqual(['list-c']);
    expect(rest.IsTruncated).toBe(false);
    expect(rest.Marker).toBeUndefined();

    await iam.send(new CreateUserCommand({ UserName: 'lister' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'lister', PolicyArn: policyArn('list-b', '/listing/') }));
    expect(await names({ OnlyAttached: true, PathPrefix: '/listing/' })).toEqual(['list-b']);
    expect(await names({ OnlyAttached: true, PathPrefix: '/listing/', PolicyUsageFilter: 'PermissionsBoundary' })).toEqual([]);
    expect(await names({ OnlyAttached: true, Scope: 'AWS' })).toEqual([]);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'lister', PolicyArn: policyArn('list-b', '/listing/') }));
    await iam.send(new DeleteUserCommand({ UserName: 'lister' }));
  });

  it('AWS managed policies can be read and attached but not changed', async () => {
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!;
    expect(policy).toMatchObject({ PolicyName: 'AdministratorAccess', PolicyId: 'ANPAIWMBCKSKIEE64ZLYK', Path: '/', DefaultVersionId: 'v1', IsAttachable: true });
    expect(policy.Description).toBe('Provides full access to AWS services and resources.');
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))).PolicyVersion!;
    expect(JSON.parse(decodeURIComponent(version.Document!))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: ADMIN }))).Versions!.map((v) => v.VersionId)).toEqual(['v1']);
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    for (const [action, call] of [
      ['iam:DeletePolicy', () => iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN }))],
      ['iam:CreatePolicyVersion', () => iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: readProd }))],
      ['iam:DeletePolicyVersion', () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))],
      ['iam:SetDefaultPolicyVersion', () => iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))],
    ] as const) {
      expect(await awsError(call)).toEqual({
        name: 'AccessDenied',
        message: `User: ${root} is not authorized to perform: ${action} on resource: policy ${ADMIN} because no resource-based policy allows the ${action} action`,
        status: 403,
      });
    }
    const nope = 'arn:aws:iam::aws:policy/NoSuchPolicy';
    expect((await awsError(() => iam.send(new GetPolicyCommand({ PolicyArn: nope })))).message).toBe(`Policy ${nope} was not found.`);
  });
});

describe('attaching managed policies', () => {
  it('attach / list / detach for users, groups and roles, with IAM errors', async () => {
    const arn = (await createPolicy('attach-me', readProd, { Path: '/team/' })).Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'att-user' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'att-group' }));
    const trust = doc([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }]);
    await iam.send(new CreateRoleCommand({ RoleName: 'att-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn })); // idempotent
    await iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: ADMIN }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'att-group', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'att-role', PolicyArn: arn }));

    const userAttached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'att-user' }));
    expect(userAttached.AttachedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
      { PolicyName: 'attach-me', PolicyArn: arn },
    ]);
    expect(userAttached.IsTruncated).toBe(false);
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'att-user', PathPrefix: '/team/' }))).AttachedPolicies).toEqual([
      { PolicyName: 'attach-me', PolicyArn: arn },
    ]);
    const page1 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'att-user', MaxItems: 1 }));
    expect(page1).toMatchObject({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess' }], IsTruncated: true });
    const page2 = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'att-user', MaxItems: 1, Marker: page1.Marker }));
    expect(page2).toMatchObject({ AttachedPolicies: [{ PolicyName: 'attach-me' }], IsTruncated: false });
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'att-group' }))).AttachedPolicies).toEqual([{ PolicyName: 'attach-me', PolicyArn: arn }]);
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'att-role' }))).AttachedPolicies).toEqual([{ PolicyName: 'attach-me', PolicyArn: arn }]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(3);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.AttachmentCount).toBe(1);

    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(entities.PolicyUsers!.map((u) => u.UserName)).toEqual(['att-user']);
    expect(entities.PolicyUsers![0]!.UserId).toMatch(/^AIDA/);
    expect(entities.PolicyGroups!.map((g) => [g.GroupName, g.GroupId!.slice(0, 4)])).toEqual([['att-group', 'AGPA']]);
    expect(entities.PolicyRoles!.map((r) => [r.RoleName, r.RoleId!.slice(0, 4)])).toEqual([['att-role', 'AROA']]);
    const onlyRoles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    expect([onlyRoles.PolicyUsers, onlyRoles.PolicyGroups, onlyRoles.PolicyRoles!.map((r) => r.RoleName)]).toEqual([[], [], ['att-role']]);
    const e1 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2 }));
    expect([e1.PolicyGroups!.length, e1.PolicyRoles!.length, e1.PolicyUsers!.length, e1.IsTruncated]).toEqual([1, 1, 0, true]);
    const e2 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2, Marker: e1.Marker }));
    expect([e2.PolicyGroups!.length, e2.PolicyRoles!.length, e2.PolicyUsers!.map((u) => u.UserName), e2.IsTruncated]).toEqual([0, 0, ['att-user'], false]);
    expect((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/elsewhere/' }))).PolicyUsers).toEqual([]);

    expect(await awsError(() => iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
      status: 409,
    });
    const detachFirst = { name: 'DeleteConflictException', message: 'Cannot delete entity, must detach all policies first.', status: 409 };
    expect(await awsError(() => iam.send(new DeleteUserCommand({ UserName: 'att-user' })))).toEqual(detachFirst);
    expect(await awsError(() => iam.send(new DeleteGroupCommand({ GroupName: 'att-group' })))).toEqual(detachFirst);
    expect(await awsError(() => iam.send(new DeleteRoleCommand({ RoleName: 'att-role' })))).toEqual(detachFirst);

    const missing = policyArn('no-such-policy');
    expect(await awsError(() => iam.send(new AttachUserPolicyCommand({ UserName: 'att-user', PolicyArn: missing })))).toEqual({
      name: 'NoSuchEntityException',
      message: `Policy ${missing} does not exist or is not attachable.`,
      status: 404,
    });
    expect((await awsError(() => iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: arn })))).message).toBe('The user with name ghost cannot be found.');
    expect((await awsError(() => iam.send(new AttachGroupPolicyCommand({ GroupName: 'ghost', PolicyArn: arn })))).message).toBe('The group with name ghost cannot be found.');
    expect((await awsError(() => iam.send(new AttachRolePolicyCommand({ RoleName: 'ghost', PolicyArn: arn })))).message).toBe('The role with name ghost cannot be found.');
    expect((await awsError(() => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'ghost' })))).name).toBe('NoSuchEntityException');
    expect(await awsError(() => iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: missing })))).toMatchObject({ message: `Policy ${missing} was not found.`, status: 404 });

    await iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn }));
    expect(await awsError(() => iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: arn })))).toEqual({
      name: 'NoSuchEntityException',
      message: `Policy ${arn} was not found.`,
      status: 404,
    });
    await iam.send(new DetachUserPolicyCommand({ UserName: 'att-user', PolicyArn: ADMIN }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'att-group', PolicyArn: arn }));
    expect((await awsError(() => iam.send(new DetachGroupPolicyCommand({ GroupName: 'att-group', PolicyArn: arn })))).message).toBe(`Policy ${arn} was not found.`);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'att-role', PolicyArn: arn }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(0);
    await iam.send(new DeleteUserCommand({ UserName: 'att-user' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'att-group' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'att-role' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  it('an entity takes at most 10 managed policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'quota-user' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'quota-group' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'quota-role', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }]) }));
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push((await createPolicy(`quota-${String(i).padStart(2, '0')}`)).Arn!);
    for (const arn of arns.slice(0, 10)) {
      await iam.send(new AttachUserPolicyCommand({ UserName: 'quota-user', PolicyArn: arn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'quota-group', PolicyArn: arn }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'quota-role', PolicyArn: arn }));
    }
    const over = (quota: string) => ({ name: 'LimitExceededException', message: `Cannot exceed quota for ${quota}: 10`, status: 409 });
    expect(await awsError(() => iam.send(new AttachUserPolicyCommand({ UserName: 'quota-user', PolicyArn: arns[10] })))).toEqual(over('PoliciesPerUser'));
    expect(await awsError(() => iam.send(new AttachGroupPolicyCommand({ GroupName: 'quota-group', PolicyArn: arns[10] })))).toEqual(over('PoliciesPerGroup'));
    expect(await awsError(() => iam.send(new AttachRolePolicyCommand({ RoleName: 'quota-role', PolicyArn: arns[10] })))).toEqual(over('PoliciesPerRole'));
    // Re-attaching one already attached is not a new attachment.
    await iam.send(new AttachUserPolicyCommand({ UserName: 'quota-user', PolicyArn: arns[0] }));
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'quota-user' }))).AttachedPolicies).toHaveLength(10);
  });
});

describe('what managed policies grant', () => {
  it('attached to a user: allows, a new default version takes effect on the next request, detaching takes it away', async () => {
    const bob = await newUser('mp-bob');
    const arn = (await createPolicy('bob-reads')).Arn!;
    const denied = (secret: string) =>
      `User: arn:aws:iam::${ACCOUNT}:user/mp-bob is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secret} because no identity-based policy allows the secretsmanager:GetSecretValue action`;
    expect(await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toMatchObject({ name: 'AccessDeniedException', message: denied('prod/db') });
    await iam.send(new AttachUserPolicyCommand({ UserName: 'mp-bob', PolicyArn: arn }));
    expect((await bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');
    expect((await bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/api' }))).SecretString).toBe('prod/api-value');

    // A non-default version changes nothing; made default, it narrows at once.
    const onlyDb = doc([allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:prod/db-*')]);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: onlyDb }));
    expect((await bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/api' }))).SecretString).toBe('prod/api-value');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
    expect(await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/api' })))).toMatchObject({ message: denied('prod/api') });
    expect((await bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');

    const denyAll = doc([allow('secretsmanager:GetSecretValue', '*'), { Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' }]);
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: denyAll, SetAsDefault: true }));
    expect((await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/mp-bob is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db with an explicit deny in an identity-based policy`,
    );
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect((await bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/api' }))).SecretString).toBe('prod/api-value');

    await iam.send(new DetachUserPolicyCommand({ UserName: 'mp-bob', PolicyArn: arn }));
    expect(await awsError(() => bob.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toMatchObject({ message: denied('prod/db') });
  });

  it('attached to a group: applies to its members', async () => {
    const carol = await newUser('mp-carol');
    await iam.send(new CreateGroupCommand({ GroupName: 'mp-readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'mp-readers', UserName: 'mp-carol' }));
    expect((await awsError(() => carol.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('AccessDeniedException');
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'mp-readers', PolicyArn: (await createPolicy('group-reads')).Arn }));
    expect((await carol.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');
    expect((await awsError(() => carol.sm.send(new GetSecretValueCommand({ SecretId: 'dev/db' })))).name).toBe('AccessDeniedException');
  });

  it('attached to a role: applies to its assumed-role sessions', async () => {
    const trust = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/mp-dave` }, Action: 'sts:AssumeRole' }]);
    const dave = await newUser('mp-dave');
    await iam.send(new CreateRoleCommand({ RoleName: 'mp-role', AssumeRolePolicyDocument: trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'mp-role', PolicyArn: (await createPolicy('role-reads')).Arn }));
    const { Credentials } = await as(STSClient, dave.creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/mp-role`, RoleSessionName: 'mp-session' }));
    const session = as(SecretsManagerClient, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    expect((await session.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');
    expect((await awsError(() => session.send(new GetSecretValueCommand({ SecretId: 'dev/db' })))).message).toContain(`assumed-role/mp-role/mp-session is not authorized`);
    expect((await awsError(() => dave.sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('AccessDeniedException');
  });

  it('AdministratorAccess attached to a user allows everything, IAM included', async () => {
    const erin = await newUser('mp-erin');
    expect((await awsError(() => erin.iam.send(new ListPoliciesCommand({ Scope: 'Local' })))).name).toBe('AccessDenied');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'mp-erin', PolicyArn: ADMIN }));
    expect((await erin.sm.send(new GetSecretValueCommand({ SecretId: 'dev/db' }))).SecretString).toBe('dev/db-value');
    expect((await erin.iam.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies!.map((p) => p.PolicyName)).toEqual(['AdministratorAccess']);
    // AWS's policies live in the account `aws`, yet the caller's own policies may grant reading them.
    expect((await erin.iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.PolicyName).toBe('AdministratorAccess');
    expect((await erin.iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))).PolicyVersion!.IsDefaultVersion).toBe(true);
    // Even with every permission, AWS's own policies stay read-only.
    expect((await awsError(() => erin.iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN })))).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/mp-erin is not authorized to perform: iam:DeletePolicy on resource: policy ${ADMIN} because no resource-based policy allows the iam:DeletePolicy action`,
    );
  });

  it('policy operations are authorized against the policy ARN; attachments against the user, group or role ARN', async () => {
    const frank = await newUser('mp-frank');
    const ownArn = (await createPolicy('frank-own', readProd, { Path: '/frank/' })).Arn!;
    const otherArn = (await createPolicy('not-franks')).Arn!;
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'mp-frank',
        PolicyName: 'manage-own',
        PolicyDocument: doc([
          allow('iam:GetPolicy', `arn:aws:iam::${ACCOUNT}:policy/frank/*`),
          allow('iam:AttachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/mp-frank`),
          allow('iam:CreatePolicy', `arn:aws:iam::${ACCOUNT}:policy/frank/*`),
        ]),
      }),
    );
    expect((await frank.iam.send(new GetPolicyCommand({ PolicyArn: ownArn }))).Policy!.PolicyName).toBe('frank-own');
    expect((await awsError(() => frank.iam.send(new GetPolicyCommand({ PolicyArn: ADMIN })))).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/mp-frank is not authorized to perform: iam:GetPolicy on resource: policy ${ADMIN} because no identity-based policy allows the iam:GetPolicy action`,
    );
    expect((await awsError(() => frank.iam.send(new ListPolicyVersionsCommand({ PolicyArn: otherArn })))).message).toContain(`iam:ListPolicyVersions on resource: policy ${otherArn}`);
    expect(await awsError(() => frank.iam.send(new GetPolicyCommand({ PolicyArn: otherArn })))).toEqual({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/mp-frank is not authorized to perform: iam:GetPolicy on resource: policy ${otherArn} because no identity-based policy allows the iam:GetPolicy action`,
      status: 403,
    });
    await frank.iam.send(new AttachUserPolicyCommand({ UserName: 'mp-frank', PolicyArn: otherArn }));
    expect((await awsError(() => frank.iam.send(new AttachUserPolicyCommand({ UserName: 'mp-bob', PolicyArn: otherArn })))).message).toContain(
      `iam:AttachUserPolicy on resource: arn:aws:iam::${ACCOUNT}:user/mp-bob`,
    );
    await frank.iam.send(new CreatePolicyCommand({ PolicyName: 'frank-new', Path: '/frank/', PolicyDocument: readProd }));
    expect((await awsError(() => frank.iam.send(new CreatePolicyCommand({ PolicyName: 'elsewhere', PolicyDocument: readProd })))).message).toContain(
      `iam:CreatePolicy on resource: policy arn:aws:iam::${ACCOUNT}:policy/elsewhere`,
    );
  });
});

describe('bootstrap', () => {
  it('creates managed policies, attaches them by name or ARN, and versions a changed document (at most 5 kept)', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] };
    const file = (prefix: string) => ({
      policies: [{ name: 'boot-read', path: '/boot/', description: 'bootstrapped', document: JSON.parse(doc([allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:*:*:secret:${prefix}/*`)])) }],
      groups: [{ name: 'boot-group', managedPolicies: ['boot-read'] }],
      users: [{ name: 'boot-user', managedPolicies: [`arn:aws:iam::${ACCOUNT}:policy/boot/boot-read`, ADMIN] }],
      roles: [{ name: 'boot-role', trust, managedPolicies: ['boot-read'] }],
    });
    const arn = `arn:aws:iam::${ACCOUNT}:policy/boot/boot-read`;
    const run = async (prefix: string, check: (client: IAMClient) => Promise<void>) => {
      const booted = await startTestCoffer({ dataDir, bootstrap: file(prefix) });
      const client = new IAMClient({ endpoint: booted.endpoint, region: 'us-east-1', credentials: booted.rootCredentials, maxAttempts: 1 });
      try {
        await check(client);
      } finally {
        client.destroy();
        await booted.destroy();
      }
    };
    const defaultDocument = async (client: IAMClient) => {
      const policy = (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
      const version = (await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.DefaultVersionId }))).PolicyVersion!;
      return { versionId: policy.DefaultVersionId, resource: JSON.parse(decodeURIComponent(version.Document!)).Statement[0].Resource as string };
    };
    await run('prod', async (client) => {
      expect((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ Description: 'bootstrapped', AttachmentCount: 3 });
      expect((await client.send(new ListAttachedUserPoliciesCommand({ UserName: 'boot-user' }))).AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([ADMIN, arn]);
      expect((await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'boot-group' }))).AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([arn]);
      expect((await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'boot-role' }))).AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([arn]);
      expect(await defaultDocument(client)).toEqual({ versionId: 'v1', resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' });
    });
    await run('prod', async (client) => {
      expect((await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!.map((v) => v.VersionId)).toEqual(['v1']);
      expect((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(3);
    });
    for (const [i, prefix] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      await run(prefix, async (client) => {
        expect(await defaultDocument(client)).toEqual({ versionId: `v${i + 2}`, resource: `arn:aws:secretsmanager:*:*:secret:${prefix}/*` });
      });
    }
    await run('e', async (client) => {
      // v1 was dropped to make room for v6; nothing changed the second time with 'e'.
      const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
      expect(versions.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v6', true], ['v5', false], ['v4', false], ['v3', false], ['v2', false]]);
    });
    await expect(startTestCoffer({ dataDir, bootstrap: { users: [{ name: 'boot-user', managedPolicies: ['missing'] }] } })).rejects.toThrow(
      `bootstrap: user boot-user: NoSuchEntity: Policy arn:aws:iam::${ACCOUNT}:policy/missing does not exist or is not attachable.`,
    );
  });
});
