import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
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

const unique = (prefix = 's') => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('CreateSecret', () => {
  it('returns ARN with a 6-character letters-and-digits suffix, Name and VersionId', async () => {
    const name = unique('app/db');
    const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'hunter2' }));
    expect(out.Name).toBe(name);
    expect(out.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`));
    expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the edge names AWS accepts', async () => {
    for (const name of ['Valid/_+=.@-Name', 'Valid/_+=.@-Name-a1b2', 'Valid/_+=.@-Name-a1b2c3-']) {
      const out = await sm.send(new CreateSecretCommand({ Name: `${name}${randomUUID().slice(0, 4)}`, SecretString: 'x' }));
      expect(out.ARN).toContain(name);
    }
  });

  it('without a value has no VersionId and DescribeSecret has no VersionIdsToStages', async () => {
    const name = unique();
    const out = await sm.send(new CreateSecretCommand({ Name: name, Description: '' }));
    expect(out.VersionId).toBeUndefined();
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.VersionIdsToStages).toBeUndefined();
    expect(described.Description).toBeUndefined();
    expect(described.Tags).toBeUndefined();
    const err = await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name })));
    expect(err).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      status: 400,
    });
    const put = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'first', VersionStages: ['AWSPENDING'] }));
    expect(put.VersionStages?.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
  });

  it('a duplicate name is ResourceExistsException', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' })));
    expect(err).toEqual({ name: 'ResourceExistsException', message: `The operation failed because the secret ${name} already exists.`, status: 400 });
  });

  it('same name + same token + same value is an idempotent no-op; a different value is refused', async () => {
    const name = unique();
    const token = randomUUID();
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', ClientRequestToken: token }));
    const again = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', ClientRequestToken: token }));
    expect(again.ARN).toBe(first.ARN);
    expect(again.VersionId).toBe(token);
    const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: name, SecretString: 'other', ClientRequestToken: token })));
    expect(err.name).toBe('ResourceExistsException');
    expect(err.message).toBe(`You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${first.ARN}.`);
  });

  it('refuses both SecretString and SecretBinary', async () => {
    const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: unique(), SecretString: 'a', SecretBinary: Buffer.from('b') })));
    expect(err).toMatchObject({ name: 'InvalidParameterException', message: "You can't specify both a binary secret value and a string secret value in the same secret." });
  });

  it('rejects an invalid name with ValidationException and creates nothing', async () => {
    for (const name of ['Inv Name', ' Inv*Name? ', 'bad!name']) {
      const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })));
      expect(err).toEqual({
        name: 'ValidationException',
        message: 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
        status: 400,
      });
    }
  });

  it('rejects model constraint violations with the Coral message, hiding sensitive values', async () => {
    const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: 'x'.repeat(513), SecretString: 'y'.repeat(65537) })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      "2 validation errors detected: Value '" + 'x'.repeat(513) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512; " +
        "Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
    );
    const tooShortToken = await awsError(() => sm.send(new CreateSecretCommand({ Name: unique(), SecretString: 'y', ClientRequestToken: 'short' })));
    expect(tooShortToken.message).toBe("1 validation error detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32");
  });

  it('refuses a KMS key that does not exist', async () => {
    const err = await awsError(() => sm.send(new CreateSecretCommand({ Name: unique(), SecretString: 'x', KmsKeyId: 'alias/nope' })));
    expect(err.name).toBe('EncryptionFailure');
    const ok = await sm.send(new CreateSecretCommand({ Name: unique(), SecretString: 'x', KmsKeyId: 'alias/aws/secretsmanager' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: ok.ARN }))).KmsKeyId).toBeUndefined();
  });
});

describe('GetSecretValue', () => {
  it('reads by name, full ARN and partial ARN', async () => {
    const name = unique('team/svc');
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"user":"u","password":"p"}' }));
    const partial = ARN!.slice(0, -7);
    for (const id of [name, ARN!, partial]) {
      const out = await sm.send(new GetSecretValueCommand({ SecretId: id }));
      expect(out.SecretString).toBe('{"user":"u","password":"p"}');
      expect(out.ARN).toBe(ARN);
      expect(out.Name).toBe(name);
      expect(out.VersionStages).toEqual(['AWSCURRENT']);
      expect(out.CreatedDate).toBeInstanceOf(Date);
      expect(out.SecretBinary).toBeUndefined();
    }
  });

  it('does not resolve the partial ARN of a name that itself ends in -XXXXXX', async () => {
    const name = `trap-${randomUUID().slice(0, 4)}-a1b2c3`;
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const partial = ARN!.slice(0, -7);
    expect(partial.endsWith('-a1b2c3')).toBe(true);
    const err = await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: partial })));
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('round-trips binary values exactly', async () => {
    const bytes = Buffer.from([0x00, 0x01, 0x02, 0xff]);
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const out = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(Buffer.from(out.SecretBinary!)).toEqual(bytes);
    expect(out.SecretString).toBeUndefined();
    await sm.send(new UpdateSecretCommand({ SecretId: name, SecretBinary: Buffer.from([0xff, 0x00]) }));
    expect(Buffer.from((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretBinary!)).toEqual(Buffer.from([0xff, 0x00]));
  });

  it('gives AWS errors for unknown secret, version id, stage, and mismatched id/stage', async () => {
    const name = unique();
    const { VersionId } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: unique('missing') })))).toEqual({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      status: 400,
    });
    const missingVersion = randomUUID();
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: missingVersion })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Secrets Manager can't find the specified secret value for VersionId: ${missingVersion}`,
    });
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'NOPE' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: NOPE",
    });
    expect(await awsError(() => sm.send(new GetSecretValueCommand({ SecretId: name, VersionId, VersionStage: 'AWSPREVIOUS' })))).toMatchObject({
      name: 'InvalidRequestException',
      message: 'You provided a VersionStage that is not associated to the provided VersionId.',
    });
    const ok = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId, VersionStage: 'AWSCURRENT' }));
    expect(ok.SecretString).toBe('x');
  });

  it('sets a date-only LastAccessedDate on the secret', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastAccessedDate).toBeUndefined();
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const accessed = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastAccessedDate!;
    const today = new Date();
    expect(accessed.toISOString()).toBe(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString());
  });
});

describe('UpdateSecret', () => {
  it('without a value changes metadata only and returns no VersionId', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Description: 'old' }));
    const before = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    const out = await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'new' }));
    expect(out.VersionId).toBeUndefined();
    const after = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(after.Description).toBe('new');
    expect(after.VersionIdsToStages).toEqual(before.VersionIdsToStages);
    expect(after.LastChangedDate!.getTime()).toBeGreaterThanOrEqual(before.LastChangedDate!.getTime());
  });

  it('with a value moves AWSCURRENT and AWSPREVIOUS', async () => {
    const name = unique();
    const v1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const v2 = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'two' }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.VersionIdsToStages).toEqual({ [v1.VersionId!]: ['AWSPREVIOUS'], [v2.VersionId!]: ['AWSCURRENT'] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString).toBe('one');
  });

  it('same token + same value succeeds with that VersionId; a different value is refused', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const token = randomUUID();
    const first = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token }));
    const again = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token }));
    expect(first.VersionId).toBe(token);
    expect(again.VersionId).toBe(token);
    const err = await awsError(() => sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'three', ClientRequestToken: token })));
    expect(err.name).toBe('ResourceExistsException');
  });

  it('on a missing secret is ResourceNotFoundException and creates nothing', async () => {
    const name = unique();
    const err = await awsError(() => sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'x' })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect((await awsError(() => sm.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe('ResourceNotFoundException');
  });
});
