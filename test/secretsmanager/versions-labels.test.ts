import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
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

const unique = () => `labels-${randomUUID().slice(0, 8)}`;

async function stages(secretId: string): Promise<Record<string, string[]>> {
  const out = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
  return Object.fromEntries(Object.entries(out.VersionIdsToStages ?? {}).map(([id, labels]) => [id, [...labels].sort()]));
}

async function put(secretId: string, value: string, versionStages?: string[]) {
  return sm.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value, VersionStages: versionStages }));
}

describe('staging labels (traces recorded against AWS)', () => {
  it('current_pending: PENDING stays on the new current; the next Put deprecates v1', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['AWSPENDING'])).VersionId!;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v1, MoveToVersionId: v2 }));
    expect(await stages(name)).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT', 'AWSPENDING'] });
    const v3 = (await put(name, 'v3')).VersionId!;
    expect(await stages(name)).toEqual({ [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
  });

  it('current_pending_cycle: a Put with AWSPENDING moves PENDING off the current version', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['AWSPENDING'])).VersionId!;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v1, MoveToVersionId: v2 }));
    const v3 = (await put(name, 'v3', ['AWSPENDING'])).VersionId!;
    expect(await stages(name)).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'], [v3]: ['AWSPENDING'] });
  });

  it('custom_stages_1', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['AWSPENDING', 'AWSSOMETHING', 'PUT1'])).VersionId!;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v1, MoveToVersionId: v2 }));
    const v3 = (await put(name, 'v3', ['AWSPENDING', 'PUT2'])).VersionId!;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v2, MoveToVersionId: v3 }));
    expect(await stages(name)).toEqual({ [v2]: ['AWSPREVIOUS', 'AWSSOMETHING', 'PUT1'], [v3]: ['AWSCURRENT', 'AWSPENDING', 'PUT2'] });
  });

  it('custom_stages_2: Put with [AWSCURRENT, PUT0]', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['AWSCURRENT', 'PUT0'])).VersionId!;
    expect(await stages(name)).toEqual({ [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT', 'PUT0'] });
    const v3 = (await put(name, 'v3')).VersionId!;
    expect(await stages(name)).toEqual({ [v2]: ['AWSPREVIOUS', 'PUT0'], [v3]: ['AWSCURRENT'] });
  });

  it('put_secret_value_with_version_stages: default read stays on v1; the response lists only the new labels', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const a = await put(name, 'a', ['SAMPLESTAGE0', 'SAMPLESTAGE1']);
    expect(a.VersionStages).toEqual(['SAMPLESTAGE0', 'SAMPLESTAGE1']);
    await put(name, 'b', ['SAMPLESTAGE0', 'SAMPLESTAGE1']);
    const c = await put(name, 'c', ['AWSPENDING']);
    expect(c.VersionStages).toEqual(['AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v1');
  });

  it('non_versioning stages: no replacement / replacement', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['one', 'two', 'three'])).VersionId!;
    const v3 = (await put(name, 'v3', ['one', 'two', 'four'])).VersionId!;
    expect(await stages(name)).toEqual({ [v1]: ['AWSCURRENT'], [v2]: ['three'], [v3]: ['four', 'one', 'two'] });
    await put(name, 'v4', ['one', 'two', 'three', 'four']);
    expect(Object.keys(await stages(name))).not.toContain(v2);
  });

  it('deprecated versions are hidden unless IncludeDeprecated, and then carry no VersionStages key', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    await put(name, 'v2');
    await put(name, 'v3');
    const visible = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(visible.Versions!.map((v) => v.VersionStages)).toHaveLength(2);
    expect(visible.ARN).toMatch(/secret:labels-/);
    expect(visible.Name).toBe(name);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    const old = all.Versions!.find((v) => v.VersionId === v1)!;
    expect(old).toBeDefined();
    expect('VersionStages' in old).toBe(false);
    expect(old.KmsKeyIds).toEqual(['DefaultEncryptionKey']);
    expect(old.CreatedDate).toBeInstanceOf(Date);
    // a deprecated version is still readable by id
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1 }))).SecretString).toBe('v1');
  });

  it('ListSecretVersionIds pages with MaxResults/NextToken and rejects a foreign token', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    for (let i = 0; i < 4; i++) await put(name, `v${i + 2}`, [`L${i}`]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, MaxResults: 2, NextToken: token }));
      seen.push(...page.Versions!.map((v) => v.VersionId!));
      token = page.NextToken;
    } while (token);
    expect(new Set(seen).size).toBe(5);
    const err = await awsError(() => sm.send(new ListSecretVersionIdsCommand({ SecretId: name, NextToken: 'bogus' })));
    expect(err).toMatchObject({ name: 'InvalidNextTokenException', message: 'You provided an invalid NextToken value.' });
  });

  it('PutSecretValue with an existing token and the same value is a no-op; another value is refused', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const token = randomUUID();
    const first = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: token }));
    const again = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: token }));
    expect(again.VersionId).toBe(first.VersionId);
    expect(again.VersionStages).toEqual(['AWSCURRENT']);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(all.Versions).toHaveLength(2);
    const err = await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3', ClientRequestToken: token })));
    expect(err.message).toBe(`You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${first.ARN}.`);
  });

  it('PutSecretValue never creates a secret', async () => {
    const err = await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: unique(), SecretString: 'x' })));
    expect(err).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
  });

  it('PutSecretValue without a value is InvalidRequestException', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name }));
    const err = await awsError(() => sm.send(new PutSecretValueCommand({ SecretId: name })));
    expect(err).toMatchObject({ name: 'InvalidRequestException', message: 'You must provide either SecretString or SecretBinary.' });
  });
});

describe('UpdateSecretVersionStage', () => {
  it('requires RemoveFromVersionId to move AWSCURRENT, with the exact AWS message', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const v2 = (await put(name, 'v2', ['AWSPENDING'])).VersionId!;
    const err = await awsError(() => sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'AWSCURRENT', MoveToVersionId: v2 })));
    expect(err).toEqual({
      name: 'InvalidParameterException',
      message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v1}, so you must explicitly reference that version in RemoveFromVersionId.`,
      status: 400,
    });
    expect(await stages(name)).toEqual({ [v1]: ['AWSCURRENT'], [v2]: ['AWSPENDING'] });
  });

  it('adds a custom label, removes it, and rejects unknown versions and wrong RemoveFromVersionId', async () => {
    const name = unique();
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }))).VersionId!;
    const out = await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'BLUE', MoveToVersionId: v1 }));
    expect(out.Name).toBe(name);
    expect(await stages(name)).toEqual({ [v1]: ['AWSCURRENT', 'BLUE'] });
    const unknown = randomUUID();
    expect((await awsError(() => sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'BLUE', MoveToVersionId: unknown })))).name).toBe(
      'InvalidParameterException',
    );
    const v2 = (await put(name, 'v2', ['GREEN'])).VersionId!;
    const wrong = await awsError(() =>
      sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'BLUE', RemoveFromVersionId: v2, MoveToVersionId: v2 })),
    );
    expect(wrong.name).toBe('InvalidParameterException');
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'BLUE', RemoveFromVersionId: v1 }));
    expect(await stages(name)).toEqual({ [v1]: ['AWSCURRENT'], [v2]: ['GREEN'] });
  });

  it('enforces at most 20 labels across versions', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const labels = Array.from({ length: 19 }, (_, i) => `L${i}`);
    await put(name, 'v2', labels);
    const err = await awsError(() => put(name, 'v3', ['EXTRA']));
    expect(err.name).toBe('LimitExceededException');
  });

  it('UpdateSecret value after a USVS keeps previous/current consistent', async () => {
    const name = unique();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const v2 = (await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v2' }))).VersionId!;
    const v3 = (await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v3' }))).VersionId!;
    expect(await stages(name)).toEqual({ [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
  });
});
