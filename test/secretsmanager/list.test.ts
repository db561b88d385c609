import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, ListSecretsCommand, paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from '../support/coffer.js';

let coffer: TestCoffer;
let sm: SecretsManagerClient;
const run = randomUUID().slice(0, 6);
const names = {
  one: `list${run}/testing1/one`,
  two: `list${run}/testing2/two`,
  three: `list${run}-other/three`,
};

beforeAll(async () => {
  coffer = await startTestCoffer();
  sm = coffer.client('eu-central-1');
  await sm.send(new CreateSecretCommand({ Name: names.one, SecretString: 'a', Description: 'one two', Tags: [{ Key: 'env', Value: 'prod' }] }));
  await sm.send(new CreateSecretCommand({ Name: names.two, SecretString: 'b', Description: 'a secret', Tags: [{ Key: 'team', Value: 'payments' }] }));
  await sm.send(new CreateSecretCommand({ Name: names.three, SecretString: 'c', Description: 'asecret' }));
});
afterAll(() => coffer.destroy());

async function listNames(filters: { Key: string; Values: string[] }[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const out = await sm.send(new ListSecretsCommand({ Filters: filters as never, MaxResults: 100, ...extra }));
  return out.SecretList!.map((s) => s.Name!).filter((n) => n.startsWith(`list${run}`));
}

describe('ListSecrets', () => {
  it('lists oldest first with entry fields, SecretVersionsToStages and no deleted secrets', async () => {
    const out = await sm.send(new ListSecretsCommand({}));
    expect(out.SecretList!.map((s) => s.Name)).toEqual([names.one, names.two, names.three]);
    const entry = out.SecretList![0]!;
    expect(entry.ARN).toMatch(/^arn:aws:secretsmanager:eu-central-1:000000000000:secret:/);
    expect(entry.Description).toBe('one two');
    expect(entry.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(Object.values(entry.SecretVersionsToStages!)).toEqual([['AWSCURRENT']]);
    expect(entry.CreatedDate).toBeInstanceOf(Date);
    expect(entry.LastChangedDate).toBeInstanceOf(Date);
    expect(out.NextToken).toBeUndefined();
  });

  it('name filter is a case-sensitive prefix without word splitting, with negation', async () => {
    expect(await listNames([{ Key: 'name', Values: [`list${run}/`] }])).toEqual([names.one, names.two]);
    expect(await listNames([{ Key: 'name', Values: [`LIST${run}/`] }])).toEqual([]);
    expect(await listNames([{ Key: 'name', Values: ['testing1 one'] }])).toEqual([]);
    expect(await listNames([{ Key: 'name', Values: [`!list${run}/`] }])).toEqual([names.three]);
  });

  it('description filter is word based and case-insensitive', async () => {
    expect(await listNames([{ Key: 'description', Values: ['a secret'] }])).toEqual([names.two]);
    expect(await listNames([{ Key: 'description', Values: ['O T'] }])).toEqual([names.one]);
    expect(await listNames([{ Key: 'description', Values: ['!a'] }])).toEqual([names.one]);
  });

  it('tag filters, OR within a filter and AND across filters', async () => {
    expect(await listNames([{ Key: 'tag-key', Values: ['env', 'team'] }])).toEqual([names.one, names.two]);
    expect(await listNames([{ Key: 'tag-key', Values: ['env'] }, { Key: 'tag-value', Values: ['pay'] }])).toEqual([]);
    expect(await listNames([{ Key: 'tag-value', Values: ['pay'] }])).toEqual([names.two]);
    expect(await listNames([{ Key: 'all', Values: ['payments'] }])).toEqual([names.two]);
  });

  it('rejects bad filters with AWS errors', async () => {
    const badKey = await awsError(() => sm.send(new ListSecretsCommand({ Filters: [{ Key: 'nope' as never, Values: ['x'] }] })));
    expect(badKey.name).toBe('ValidationException');
    expect(badKey.message).toBe(
      "1 validation error detected: Value 'nope' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]",
    );
    const noValues = await awsError(() => sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name' }] })));
    expect(noValues).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid filter values for key: name' });
    const badValue = await awsError(() => sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['a*b'] }] })));
    expect(badValue.name).toBe('ValidationException');
    const tooMany = await awsError(() => sm.send(new ListSecretsCommand({ MaxResults: 101 })));
    expect(tooMany.message).toBe("1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
  });

  it('sorts by name and date in both orders', async () => {
    const desc = await sm.send(new ListSecretsCommand({ SortOrder: 'desc' }));
    expect(desc.SecretList!.map((s) => s.Name)).toEqual([names.three, names.two, names.one]);
    const byName = await sm.send(new ListSecretsCommand({ SortBy: 'name', SortOrder: 'asc' }));
    expect(byName.SecretList!.map((s) => s.Name)).toEqual([names.three, names.one, names.two].sort());
    await sm.send(new GetSecretValueCommand({ SecretId: names.two }));
    const byAccess = await sm.send(new ListSecretsCommand({ SortBy: 'last-accessed-date', SortOrder: 'desc' }));
    expect(byAccess.SecretList![0]!.Name).toBe(names.two);
  });

  it('paginates with MaxResults and NextToken; the paginator visits every secret once', async () => {
    const client = coffer.client('ap-south-1');
    const created: string[] = [];
    for (let i = 0; i < 25; i++) {
      const name = `page-${i.toString().padStart(2, '0')}`;
      await client.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
      created.push(name);
    }
    const seen: string[] = [];
    for await (const page of paginateListSecrets({ client, pageSize: 10 }, {})) {
      expect(page.SecretList!.length).toBeLessThanOrEqual(10);
      seen.push(...page.SecretList!.map((s) => s.Name!));
    }
    expect(seen).toEqual(created);
    expect((await client.send(new ListSecretsCommand({ MaxResults: 25 }))).NextToken).toBeUndefined();
    const almost = await client.send(new ListSecretsCommand({ MaxResults: 24 }));
    const rest = await client.send(new ListSecretsCommand({ MaxResults: 24, NextToken: almost.NextToken }));
    expect(rest.SecretList!.map((s) => s.Name)).toEqual(['page-24']);
    expect(rest.NextToken).toBeUndefined();
    const filtered = await client.send(new ListSecretsCommand({ MaxResults: 5, Filters: [{ Key: 'name', Values: ['page-2'] }] }));
    expect(filtered.SecretList!.map((s) => s.Name)).toEqual(['page-20', 'page-21', 'page-22', 'page-23', 'page-24']);
    expect(filtered.NextToken).toBeUndefined();
    const err = await awsError(() => client.send(new ListSecretsCommand({ NextToken: 'not-a-token' })));
    expect(err).toMatchObject({ name: 'InvalidNextTokenException', message: 'You provided an invalid NextToken value.' });
  });

  it('IncludePlannedDeletion shows scheduled secrets with DeletedDate', async () => {
    const client = coffer.client('sa-east-1');
    await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'x' }));
    await client.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
    expect((await client.send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    const withDeleted = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(withDeleted.SecretList!.map((s) => s.Name)).toEqual(['doomed']);
    expect(withDeleted.SecretList![0]!.DeletedDate).toBeInstanceOf(Date);
  });
});
