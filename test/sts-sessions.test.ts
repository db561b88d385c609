/**
 * sts:GetSessionToken (users and root, limits, expiry) and sts:AssumeRole's session tags, transitive tags through
 * role chaining, sts:TagSession and managed session policies (PolicyArns), through the real clients.
 */
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

const ACCOUNT = '000000000000';
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let coffer: TestCoffer;
let offsetMs = 0;
let iam: IAMClient;
let alice: Creds;
const clients: { destroy(): void }[] = [];

function as<T extends { destroy(): void }>(make: new (config: object) => T, credentials: Creds, clockOffset = 0): T {
  const client = new make({ endpoint: coffer.endpoint, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: clockOffset });
  clients.push(client);
  return client;
}

function creds(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds {
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

async function sessionToken(who: Creds, durationSeconds?: number) {
  return as(STSClient, who).send(new GetSessionTokenCommand(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }));
}

async function assume(who: Creds, role: string, extra: Partial<AssumeRoleCommandInput> = {}) {
  return as(STSClient, who).send(new AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: 's1', ...extra }));
}

const secret = (who: Creds, id: string) => as(SecretsManagerClient, who).send(new GetSecretValueCommand({ SecretId: id }));

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

beforeAll(async () => {
  coffer = await startTestCoffer({ now: () => Date.now() + offsetMs });
  iam = as(IAMClient, coffer.rootCredentials);
  const sm = as(SecretsManagerClient, coffer.rootCredentials);
  for (const name of ['prod/db', 'dev/db', 'payments/db']) await sm.send(new CreateSecretCommand({ Name: name, SecretString: `${name}-value` }));

  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const alicePolicy = doc(
    { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' },
    { Effect: 'Allow', Action: ['iam:*', 'sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
  );
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: alicePolicy }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };

  // Anyone of the account whose own policies allow it; its sessions read payments/* only with team=payments.
  const abacTrust = doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
  await iam.send(new CreateRoleCommand({ RoleName: 'abac', AssumeRolePolicyDocument: abacTrust, MaxSessionDuration: 7200 }));
  const abacPolicy = doc(
    {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:*:*:secret:payments/*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments' } },
    },
    { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: 'abac', PolicyName: 'p', PolicyDocument: abacPolicy }));

  // Trusts alice and abac sessions for sts:AssumeRole, but not sts:TagSession.
  const noTagTrust = doc({ Effect: 'Allow', Principal: { AWS: [ALICE_ARN, roleArn('abac')] }, Action: 'sts:AssumeRole' });
  await iam.send(new CreateRoleCommand({ RoleName: 'no-tag-session', AssumeRolePolicyDocument: noTagTrust }));

  // Lets alice in only with the session tag team=payments.
  const requestTagTrust = doc({
    Effect: 'Allow',
    Principal: { AWS: ALICE_ARN },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: { StringEquals: { 'aws:RequestTag/team': 'payments' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
  });
  await iam.send(new CreateRoleCommand({ RoleName: 'request-tag', AssumeRolePolicyDocument: requestTagTrust }));

  // Reads every secret; session policies narrow it.
  await iam.send(new CreateRoleCommand({ RoleName: 'broad', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ALICE_ARN }, Action: 'sts:AssumeRole' }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'broad', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: '*' }) }));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await coffer.destroy();
});

describe('sts:GetSessionToken', () => {
  it('gives a user temporary credentials with the user\'s own permissions, for 12 hours by default', async () => {
    const before = Date.now();
    const { Credentials } = await sessionToken(alice);
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(Credentials!.SessionToken).toBeTruthy();
    const expires = Credentials!.Expiration!.getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 43_200_000 - 1_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 43_200_000 + 1_000);
    const session = creds(Credentials);
    const me = await as(STSClient, session).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: ALICE_ARN, Account: ACCOUNT });
    expect(me.UserId).toMatch(/^AIDA/);
    expect((await secret(session, 'prod/db')).SecretString).toBe('prod/db-value');
    expect(await awsError(() => secret(session, 'dev/db'))).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: ${ALICE_ARN} is not authorized to perform: secretsmanager:GetSecretValue on resource: dev/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    });
  });

  it('session credentials cannot call IAM (even when the user may), nor GetSessionToken, but may assume a role', async () => {
    const session = creds((await sessionToken(alice, 900)).Credentials);
    expect((await as(IAMClient, alice).send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toContain('alice');
    expect(await awsError(() => as(IAMClient, session).send(new ListUsersCommand({})))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${ALICE_ARN} is not authorized to perform: iam:ListUsers because the session token limits do not allow the iam:ListUsers action`,
    });
    expect(await awsError(() => sessionToken(session))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
    const role = creds((await assume(session, 'broad')).Credentials);
    expect(await awsError(() => sessionToken(role))).toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' });
  });

  it('accepts 900..129600 seconds for a user; root sessions last at most one hour', async () => {
    const before = Date.now();
    const longest = await sessionToken(alice, 129_600);
    expect(longest.Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(before + 129_600_000 - 1_000);
    expect((await awsError(() => sessionToken(alice, 899))).name).toBe('ValidationError');
    expect(await awsError(() => sessionToken(alice, 129_601))).toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
    });

    const rootSession = await sessionToken(coffer.rootCredentials, 7200);
    const expires = rootSession.Credentials!.Expiration!.getTime();
    expect(expires).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);
    expect(expires).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    const root = creds(rootSession.Credentials);
    expect((await as(STSClient, root).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect((await secret(root, 'dev/db')).SecretString).toBe('dev/db-value');
  });

  it('refuses MFA parameters: Coffer has no MFA devices', async () => {
    const sts = as(STSClient, alice);
    expect(await awsError(() => sts.send(new GetSessionTokenCommand({ SerialNumber: 'arn:aws:iam::000000000000:mfa/alice', TokenCode: '123456' })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: 'MultiFactorAuthentication failed: Coffer has no MFA devices, so GetSessionToken takes no SerialNumber or TokenCode.',
    });
  });

  it('expired session credentials fail with ExpiredTokenException', async () => {
    const session = creds((await sessionToken(alice, 900)).Credentials);
    expect((await secret(session, 'prod/db')).SecretString).toBe('prod/db-value');
    offsetMs = 901_000;
    try {
      expect(await awsError(() => as(SecretsManagerClient, session, offsetMs).send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).toMatchObject({
        name: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      });
    } finally {
      offsetMs = 0;
    }
  });
});

describe('sts:AssumeRole session tags', () => {
  it('session tags are the session\'s aws:PrincipalTag', async () => {
    const payments = await assume(alice, 'abac', { Tags: [{ Key: 'team', Value: 'payments' }] });
    expect(payments.PackedPolicySize).toBe(1);
    expect((await secret(creds(payments.Credentials), 'payments/db')).SecretString).toBe('payments/db-value');
    for (const tags of [[{ Key: 'team', Value: 'other' }], undefined]) {
      const other = creds((await assume(alice, 'abac', tags ? { Tags: tags } : {})).Credentials);
      expect(await awsError(() => secret(other, 'payments/db'))).toMatchObject({
        name: 'AccessDeniedException',
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/abac/s1 is not authorized to perform: secretsmanager:GetSecretValue on resource: payments/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      });
    }
  });

  it('passing tags needs sts:TagSession from the trust policy', async () => {
    expect((await assume(alice, 'no-tag-session')).Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(await awsError(() => assume(alice, 'no-tag-session', { Tags: [{ Key: 'team', Value: 'payments' }] }))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${ALICE_ARN} is not authorized to perform: sts:TagSession on resource: ${roleArn('no-tag-session')}`,
    });
  });

  it('the trust policy sees aws:RequestTag/* and aws:TagKeys', async () => {
    expect((await assume(alice, 'request-tag', { Tags: [{ Key: 'team', Value: 'payments' }] })).Credentials!.AccessKeyId).toMatch(/^ASIA/);
    for (const Tags of [[{ Key: 'team', Value: 'other' }], [{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }]]) {
      expect(await awsError(() => assume(alice, 'request-tag', { Tags }))).toMatchObject({
        name: 'AccessDenied',
        message: `User: ${ALICE_ARN} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('request-tag')}`,
      });
    }
  });

  it('validates tags and transitive keys as STS does', async () => {
    expect(await awsError(() => assume(alice, 'abac', { Tags: [{ Key: 'team', Value: 'a' }, { Key: 'TEAM', Value: 'b' }] }))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
    expect(await awsError(() => assume(alice, 'abac', { Tags: [{ Key: 'team', Value: 'a' }], TransitiveTagKeys: ['env'] }))).toMatchObject({
      name: 'InvalidParameterValue',
      message: 'The specified transitive tag key must be included in the requested tags.',
    });
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await awsError(() => assume(alice, 'abac', { Tags: tooMany }))).message).toContain("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    expect((await awsError(() => assume(alice, 'abac', { Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }))).message).toContain(
      "at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  });

  it('transitive tags pass through role chaining, cannot be overridden, and chained sessions last at most an hour', async () => {
    const first = creds((await assume(alice, 'abac', { Tags: [{ Key: 'team', Value: 'payments' }], TransitiveTagKeys: ['team'] })).Credentials);
    const second = creds((await assume(first, 'abac')).Credentials);
    expect((await secret(second, 'payments/db')).SecretString).toBe('payments/db-value');
    // Still transitive one hop further.
    const third = creds((await assume(second, 'abac')).Credentials);
    expect((await secret(third, 'payments/db')).SecretString).toBe('payments/db-value');

    expect(await awsError(() => assume(first, 'abac', { Tags: [{ Key: 'Team', Value: 'other' }] }))).toMatchObject({
      name: 'InvalidParameterValue',
      message: "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    });
    // The carried tags are session tags of the new session: the target's trust policy must allow sts:TagSession.
    expect(await awsError(() => assume(first, 'no-tag-session'))).toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/abac/s1 is not authorized to perform: sts:TagSession on resource: ${roleArn('no-tag-session')}`,
    });
    // Tags that were not transitive stay behind.
    const plain = creds((await assume(alice, 'abac', { Tags: [{ Key: 'team', Value: 'payments' }] })).Credentials);
    const chained = creds((await assume(plain, 'abac')).Credentials);
    expect(await awsError(() => secret(chained, 'payments/db'))).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/abac/s1 is not authorized to perform: secretsmanager:GetSecretValue on resource: payments/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    });

    expect(await awsError(() => assume(plain, 'abac', { DurationSeconds: 3601 }))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    expect((await assume(alice, 'abac', { DurationSeconds: 7200 })).Credentials!.AccessKeyId).toMatch(/^ASIA/);
  });
});

describe('sts:AssumeRole managed session policies (PolicyArns)', () => {
  it('narrow the role to what the managed policies allow; unknown ARNs are refused', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'only-prod', PolicyDocument: doc({ Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' }) }),
    );
    const narrowed = await assume(alice, 'broad', { PolicyArns: [{ arn: Policy!.Arn! }] });
    expect(narrowed.PackedPolicySize).toBe(Math.ceil((Policy!.Arn!.length * 100) / 2048));
    const describe = as(SecretsManagerClient, creds(narrowed.Credentials));
    expect((await describe.send(new DescribeSecretCommand({ SecretId: 'prod/db' }))).Name).toBe('prod/db');
    expect(await awsError(() => describe.send(new DescribeSecretCommand({ SecretId: 'dev/db' })))).toMatchObject({
      name: 'AccessDeniedException',
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/broad/s1 is not authorized to perform: secretsmanager:DescribeSecret on resource: dev/db because no session policy allows the secretsmanager:DescribeSecret action`,
    });
    // The role allows GetSecretValue; the session policy does not.
    expect((await awsError(() => describe.send(new GetSecretValueCommand({ SecretId: 'prod/db' })))).message).toContain('because no session policy allows the secretsmanager:GetSecretValue action');

    const admin = creds((await assume(alice, 'broad', { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] })).Credentials);
    expect((await secret(admin, 'dev/db')).SecretString).toBe('dev/db-value');

    const missing = `arn:aws:iam::${ACCOUNT}:policy/no-such-policy`;
    expect(await awsError(() => assume(alice, 'broad', { PolicyArns: [{ arn: missing }] }))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
      message: `Policy ${missing} does not exist or is not attachable.`,
    });
    const tooMany = Array.from({ length: 11 }, () => ({ arn: Policy!.Arn! }));
    expect((await awsError(() => assume(alice, 'broad', { PolicyArns: tooMany }))).message).toContain(
      "at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  });
});
