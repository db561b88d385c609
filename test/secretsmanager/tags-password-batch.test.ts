import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
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

const unique = () => `misc-${randomUUID().slice(0, 8)}`;

describe('TagResource / UntagResource', () => {
  it('adds, overwrites by key, removes idempotently; Tags is absent before tagging and [] after removing all', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toBeUndefined();
    const tagged = await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: '1' }, { Key: 'B', Value: '2' }] }));
    expect(Object.keys(tagged).filter((k) => k !== '$metadata')).toEqual([]);
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'a', Value: 'one' }] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([
      { Key: 'a', Value: 'one' },
      { Key: 'B', Value: '2' },
    ]);
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['a', 'b', 'missing'] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: 'B', Value: '2' }]);
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['B'] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([]);
  });

  it('refuses system tags, too many tags, and tag constraint violations without changing anything', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: [{ Key: 'keep', Value: 'me' }] }));
    expect(await awsError(() => sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'aws:owner', Value: 'x' }] })))).toMatchObject({
      name: 'InvalidParameterException',
      message: "You can't modify system tags. Tag key: 'aws:owner'.",
    });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await awsError(() => sm.send(new TagResourceCommand({ SecretId: name, Tags: many })))).name).toBe('InvalidParameterException');
    const longKey = await awsError(() => sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] })));
    expect(longKey.message).toBe(
      `1 validation error detected: Value '${'k'.repeat(129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: 'keep', Value: 'me' }]);
  });

  it('on a missing secret is ResourceNotFoundException', async () => {
    expect((await awsError(() => sm.send(new TagResourceCommand({ SecretId: unique(), Tags: [{ Key: 'a', Value: 'b' }] })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('GetRandomPassword', () => {
  it('defaults to 32 characters with every type', async () => {
    const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({}));
    expect(RandomPassword).toHaveLength(32);
    expect(RandomPassword).toMatch(/[A-Z]/);
    expect(RandomPassword).toMatch(/[a-z]/);
    expect(RandomPassword).toMatch(/[0-9]/);
    expect(RandomPassword).toMatch(/[!-/:-@[-`{-~]/);
    expect(RandomPassword).not.toMatch(/ /);
  });

  it('honours length and exclusions', async () => {
    const { RandomPassword } = await sm.send(
      new GetRandomPasswordCommand({ PasswordLength: 120, ExcludeCharacters: 'xyzDje@?!.', ExcludePunctuation: false }),
    );
    expect(RandomPassword).toHaveLength(120);
    expect(RandomPassword).not.toMatch(/[xyzDje@?!.]/);
    const digitsOnly = await sm.send(
      new GetRandomPasswordCommand({ PasswordLength: 64, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }),
    );
    expect(digitsOnly.RandomPassword).toMatch(/^[0-9]{64}$/);
  });

  it('gives AWS errors for bad lengths', async () => {
    expect(await awsError(() => sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })))).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
    });
    expect(await awsError(() => sm.send(new GetRandomPasswordCommand({ PasswordLength: 2 })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Password length is too short based on the required types.',
    });
  });
});

describe('BatchGetSecretValue', () => {
  it('returns values for ids and per-secret errors in Errors', async () => {
    const a = unique();
    const b = unique();
    const gone = unique();
    await sm.send(new CreateSecretCommand({ Name: a, SecretString: 'A' }));
    await sm.send(new CreateSecretCommand({ Name: b, SecretBinary: Buffer.from([1, 2, 3]) }));
    await sm.send(new CreateSecretCommand({ Name: gone, SecretString: 'G' }));
    await sm.send(new DeleteSecretCommand({ SecretId: gone, RecoveryWindowInDays: 7 }));
    const missing = unique();
    const out = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: [a, b, missing, gone] }));
    expect(out.SecretValues!.map((v) => v.Name)).toEqual([a, b]);
    expect(out.SecretValues![0]!.SecretString).toBe('A');
    expect(Buffer.from(out.SecretValues![1]!.SecretBinary!)).toEqual(Buffer.from([1, 2, 3]));
    expect(out.SecretValues![0]!.VersionStages).toEqual(['AWSCURRENT']);
    expect(out.Errors).toEqual([
      { SecretId: missing, ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
      { SecretId: gone, ErrorCode: 'InvalidRequestException', Message: "You can't perform this operation on the secret because it was marked for deletion." },
    ]);
  });

  it('selects by Filters with MaxResults/NextToken', async () => {
    const client = coffer.client('eu-north-1');
    for (let i = 0; i < 5; i++) await client.send(new CreateSecretCommand({ Name: `batch/${i}`, SecretString: `v${i}` }));
    await client.send(new CreateSecretCommand({ Name: 'other', SecretString: 'o' }));
    const first = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['batch/'] }], MaxResults: 3 }));
    expect(first.SecretValues!.map((v) => v.SecretString)).toEqual(['v0', 'v1', 'v2']);
    const second = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['batch/'] }], MaxResults: 3, NextToken: first.NextToken }));
    expect(second.SecretValues!.map((v) => v.SecretString)).toEqual(['v3', 'v4']);
    expect(second.NextToken).toBeUndefined();
  });

  it('needs exactly one of SecretIdList and Filters; MaxResults only with Filters', async () => {
    expect((await awsError(() => sm.send(new BatchGetSecretValueCommand({})))).name).toBe('InvalidParameterException');
    expect(
      (await awsError(() => sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['a'], Filters: [{ Key: 'name', Values: ['a'] }] })))).name,
    ).toBe('InvalidParameterException');
    expect((await awsError(() => sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['a'], MaxResults: 2 })))).name).toBe(
      'InvalidParameterException',
    );
  });
});

describe('operations not available yet and region isolation', () => {
  it('RotateSecret answers a clear InvalidRequestException', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect(await awsError(() => sm.send(new RotateSecretCommand({ SecretId: name })))).toEqual({
      name: 'InvalidRequestException',
      message: 'RotateSecret is not available in this version of Coffer.',
      status: 400,
    });
  });

  it('a secret in one region is invisible from another, and the same name can exist in both', async () => {
    const name = unique();
    const east = coffer.client('us-east-1');
    const west = coffer.client('eu-west-1');
    const created = await east.send(new CreateSecretCommand({ Name: name, SecretString: 'east' }));
    expect((await awsError(() => west.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
    expect((await awsError(() => west.send(new GetSecretValueCommand({ SecretId: created.ARN })))).name).toBe('ResourceNotFoundException');
    expect((await west.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }))).SecretList).toEqual([]);
    const westCreated = await west.send(new CreateSecretCommand({ Name: name, SecretString: 'west' }));
    expect(westCreated.ARN).toMatch(/:eu-west-1:/);
    expect((await east.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('east');
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('west');
  });
});
