/** IAM roles and sts:AssumeRole: trust policies, temporary credentials, session policies and expiry. */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

let coffer: TestCoffer;
let offsetMs = 0;
const clients: { destroy(): void }[] = [];
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function as<T extends { destroy(): void }>(make: new (config: object) => T, credentials: Creds, clockOffset = 0): T {
  const client = new make({ endpoint: coffer.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: clockOffset });
  clients.push(client);
  return client;
}

const ACCOUNT = '000000000000';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/prod-reader`;
let iam: IAMClient;

async function user(name: string, policy?: object): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

async function assume(creds: Creds, extra: { Policy?: string; DurationSeconds?: number; RoleArn?: string } = {}): Promise<Creds> {
  const { Credentials } = await as(STSClient, creds).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'session-1', ...extra }));
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

let alice: Creds;
beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => Date.now() + offsetMs });
  iam = as(IAMClient, coffer.rootCredentials);
  const sm = as(SecretsManagerClient, coffer.rootCredentials);
  for (const name of ['prod/db', 'prod/other', 'dev/db']) await sm.send(new CreateSecretCommand({ Name: name, SecretString: `${name}-value` }));
  alice = await user('alice');
  const trust = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' },
      { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' },
    ],
  };
  await iam.send(new CreateRoleCommand({ RoleName: 'prod-reader', AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 7200 }));
  const readProd = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'prod-reader', PolicyName: 'read-prod', PolicyDocument: JSON.stringify(readProd) }));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
});

describe('roles', () => {
  it('creates and describes a role with its trust policy', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'prod-reader' }));
    expect(Role).toMatchObject({ RoleName: 'prod-reader', Arn: ROLE_ARN, MaxSessionDuration: 7200, Path: '/' });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement).toHaveLength(2);
    expect(await awsError(() => iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await awsError(() => iam.send(new DeleteRoleCommand({ RoleName: 'prod-reader' })))).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect((await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).toEqual(['prod-reader']);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'prod-reader' }))).PolicyNames).toEqual(['read-prod']);
    const stored = await iam.send(new GetRolePolicyCommand({ RoleName: 'prod-reader', PolicyName: 'read-prod' }));
    expect(JSON.parse(decodeURIComponent(stored.PolicyDocument!)).Statement[0].Action).toBe('secretsmanager:GetSecretValue');
    expect((await awsError(() => iam.send(new GetRolePolicyCommand({ RoleName: 'prod-reader', PolicyName: 'nope' })))).name).toBe('NoSuchEntityException');
    await iam.send(new CreateRoleCommand({ RoleName: 'temp', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }] }) }));
    const trustAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }] });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'temp', PolicyDocument: trustAll }));
    expect(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'temp' }))).Role!.AssumeRolePolicyDocument!)).toBe(trustAll);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'temp', PolicyName: 'x', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'temp', PolicyName: 'x' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'temp' }));
    const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }] });
    expect((await awsError(() => iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: withResource }))))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Has prohibited field Resource',
    });
  });
});

describe('sts:AssumeRole', () => {
  it('gives a trusted user temporary credentials that act as the role', async () => {
    const session = await assume(alice);
    expect(session.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const me = await as(STSClient, session).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/prod-reader/session-1`);
    expect(me.UserId).toMatch(/^AROA[A-Z0-9]{17}:session-1$/);
    const sm = as(SecretsManagerClient, session);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'dev/db' })))).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/prod-reader/session-1 is not authorized to perform: secretsmanager:GetSecretValue on resource: dev/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    });
  });

  it('a session policy narrows what the role allows', async () => {
    const onlyDb = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/db-*' }] });
    const sm = as(SecretsManagerClient, await assume(alice, { Policy: onlyDb }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString).toBe('prod/db-value');
    expect((await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: 'prod/other' })))).message).toContain('because no session policy allows');
  });

  it('a trust policy that names the account needs the caller\'s own permission; others are refused', async () => {
    const carol = await user('carol', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] });
    const dave = await user('dave');
    expect((await assume(carol)).accessKeyId).toMatch(/^ASIA/);
    expect(await awsError(() => assume(dave))).toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:user/dave is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
      status: 403,
    });
    expect((await awsError(() => assume(alice, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/no-such-role` }))).name).toBe('AccessDenied');
    expect((await awsError(() => assume(alice, { DurationSeconds: 7201 }))).name).toBe('ValidationError');
  });

  it('refuses a wrong session token, and expired credentials with ExpiredTokenException', async () => {
    const session = await assume(alice, { DurationSeconds: 900 });
    const forged = as(SecretsManagerClient, { ...session, sessionToken: `${session.sessionToken!.slice(0, -4)}AAAA` });
    expect((await awsError(() => forged.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('UnrecognizedClientException');
    const withoutToken = as(SecretsManagerClient, { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey });
    expect((await awsError(() => withoutToken.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).name).toBe('UnrecognizedClientException');
    offsetMs = 901_000; // the server's clock moves past the session's end; the client signs on the server's time
    try {
      const late = as(SecretsManagerClient, session, offsetMs);
      expect(await awsError(() => late.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toMatchObject({
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        status: 400,
      });
      const lateSts = as(STSClient, session, offsetMs);
      expect((await awsError(() => lateSts.send(new GetCallerIdentityCommand({}))))).toMatchObject({ name: 'ExpiredToken', status: 403 });
    } finally {
      offsetMs = 0;
    }
  });
});
