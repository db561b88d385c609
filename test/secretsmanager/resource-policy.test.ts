import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';

let coffer: TestCoffer;
let sm: ReturnType<TestCoffer['client']>;
beforeAll(async () => {
  coffer = await startTestCoffer();
  sm = coffer.client();
});
afterAll(() => coffer.destroy());

const unique = () => `policy-${randomUUID().slice(0, 8)}`;
const ROOT = 'arn:aws:iam::000000000000:root';
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const denyAll = (actions: string | string[], extra: object = {}) => ({ Effect: 'Deny', Principal: '*', Action: actions, Resource: '*', ...extra });
const allowAccount = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };

describe('Put/Get/DeleteResourcePolicy', () => {
  it('attaches, returns and removes a policy; ResourcePolicy is absent when none is attached', async () => {
    const name = unique();
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const none = await sm.send(new GetResourcePolicyCommand({ SecretId: name }));
    expect(none).toMatchObject({ ARN, Name: name });
    expect('ResourcePolicy' in none).toBe(false);
    const text = policy(allowAccount);
    const put = await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: text }));
    expect(put).toMatchObject({ ARN, Name: name });
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: ARN }))).ResourcePolicy).toBe(text);
    const deleted = await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    expect(deleted).toMatchObject({ ARN, Name: name });
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBeUndefined();
  });

  it('refuses malformed documents and changes nothing', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    for (const bad of ['{not json', policy({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }), policy({ Effect: 'Maybe', Principal: '*', Action: '*', Resource: '*' })]) {
      expect(await awsError(() => sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: bad })))).toEqual({
        name: 'MalformedPolicyDocumentException',
        message: 'This resource policy contains a syntax error.',
        status: 400,
      });
    }
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBeUndefined();
  });

  it('BlockPublicPolicy refuses broad access unless a condition pins the principal down', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const open = policy({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(await awsError(() => sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: open, BlockPublicPolicy: true })))).toMatchObject({
      name: 'PublicPolicyException',
      message: 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
    });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: open }));
    const pinned = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '000000000000' } },
    });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: pinned, BlockPublicPolicy: true }));
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBe(pinned);
  });

  it('refuses policy operations on a secret marked for deletion, and on an unknown secret', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    for (const send of [
      () => sm.send(new GetResourcePolicyCommand({ SecretId: name })),
      () => sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(allowAccount) })),
      () => sm.send(new DeleteResourcePolicyCommand({ SecretId: name })),
    ]) {
      expect(await awsError(send)).toMatchObject({ name: 'InvalidRequestException', message: "You can't perform this operation on the secret because it was marked for deletion." });
    }
    expect((await awsError(() => sm.send(new GetResourcePolicyCommand({ SecretId: unique() })))).name).toBe('ResourceNotFoundException');
  });
});

describe('the resource policy takes part in every call on the secret', () => {
  it("an explicit Deny stops even the account's root user, with AWS's message", async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(denyAll('secretsmanager:GetSecretValue')) }));
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name })))).toEqual({
      name: 'AccessDeniedException',
      message: `User: ${ROOT} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${name} with an explicit deny in a resource-based policy`,
      status: 400,
    });
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Name).toBe(name);
    const batch = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: [name] }));
    expect(batch.SecretValues).toEqual([]);
    expect(batch.Errors![0]).toMatchObject({ SecretId: name, ErrorCode: 'AccessDeniedException' });
  });

  it('conditions see the request: a Deny on AWSPREVIOUS leaves AWSCURRENT readable', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
    const deny = denyAll('secretsmanager:GetSecretValue', { Condition: { StringEquals: { 'secretsmanager:VersionStage': 'AWSPREVIOUS' } } });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(deny) }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v2');
    expect((await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' })))).name).toBe('AccessDeniedException');
  });

  it('every secret-scoped operation consults it; authorization comes before the marked-for-deletion check', async () => {
    const name = unique();
    const { VersionId } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const everythingButPolicyRemoval = denyAll('secretsmanager:*', { NotAction: undefined });
    const document = policy({ ...everythingButPolicyRemoval, Action: undefined, NotAction: ['secretsmanager:DeleteResourcePolicy', 'secretsmanager:GetResourcePolicy'] });
    await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: document }));
    const calls: [string, () => Promise<unknown>][] = [
      ['GetSecretValue', () => sm.send(new GetSecretValueCommand({ SecretId: name }))],
      ['DescribeSecret', () => sm.send(new DescribeSecretCommand({ SecretId: name }))],
      ['PutSecretValue', () => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'y' }))],
      ['UpdateSecret', () => sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'd' }))],
      ['UpdateSecretVersionStage', () => sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'X', MoveToVersionId: VersionId }))],
      ['ListSecretVersionIds', () => sm.send(new ListSecretVersionIdsCommand({ SecretId: name }))],
      ['TagResource', () => sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k', Value: 'v' }] }))],
      ['UntagResource', () => sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['k'] }))],
      ['PutResourcePolicy', () => sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(allowAccount) }))],
      ['DeleteSecret', () => sm.send(new DeleteSecretCommand({ SecretId: name }))],
      ['RestoreSecret', () => sm.send(new RestoreSecretCommand({ SecretId: name }))],
    ];
    for (const [operation, call] of calls) {
      const err = await awsError(call);
      expect(err.name, operation).toBe('AccessDeniedException');
      expect(err.message, operation).toContain(`secretsmanager:${operation} on resource: ${name}`);
    }
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
  });
});

describe('ValidateResourcePolicy', () => {
  it('passes a sound policy, reports broad access and lock-out, and refuses syntax errors', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect(await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy(allowAccount) }))).toMatchObject({
      PolicyValidationPassed: true,
      ValidationErrors: [],
    });
    const broad = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy({ ...allowAccount, Principal: '*' }) }));
    expect(broad.PolicyValidationPassed).toBe(false);
    expect(broad.ValidationErrors!.map((e) => e.CheckName)).toEqual(['BROAD_ACCESS']);
    const lockout = await sm.send(new ValidateResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(allowAccount, denyAll('secretsmanager:PutResourcePolicy')) }));
    expect(lockout.PolicyValidationPassed).toBe(false);
    expect(lockout.ValidationErrors!.map((e) => e.CheckName)).toEqual(['LOCK_OUT']);
    expect((await awsError(() => sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: '{' })))).name).toBe('MalformedPolicyDocumentException');
    expect((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBeUndefined();
  });
});
