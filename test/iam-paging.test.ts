/** MaxItems/Marker paging of the IAM list operations, through the real IAM client and its paginators. */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetGroupCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  paginateGetGroup,
  paginateListAccessKeys,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListRolePolicies,
  paginateListUserPolicies,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

let coffer: TestCoffer;
let iam: IAMClient;

// Code point order puts upper case first: the order IAM lists names in.
const GROUPS = ['Zeta', 'alpha', 'beta', 'delta', 'gamma'];
const OPS_GROUPS = ['alpha', 'delta', 'gamma'];
const MEMBERS = ['Mallory', 'bob', 'carol', 'dave'];
const POLICIES = ['Audit', 'read', 'rotate', 'write'];
const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: 'sts:AssumeRole' }] });
const keyIds: string[] = [];

beforeAll(async () => {
  coffer = await startTestCoffer();
  iam = new IAMClient({ endpoint: coffer.endpoint, region: 'us-east-1', credentials: coffer.rootCredentials, maxAttempts: 1 });
  // Created out of name order, so that listing in name order is the store's work, not the insertion order's.
  for (const name of [...GROUPS].reverse()) {
    await iam.send(new CreateGroupCommand({ GroupName: name, Path: OPS_GROUPS.includes(name) ? '/ops/' : '/' }));
  }
  for (const name of [...MEMBERS].reverse()) {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'beta', UserName: name }));
  }
  for (const group of ['gamma', 'Zeta', 'delta']) await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: 'bob' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: TRUST }));
  for (const name of [...POLICIES].reverse()) {
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: name, PolicyDocument: DOCUMENT }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'alpha', PolicyName: name, PolicyDocument: DOCUMENT }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: name, PolicyDocument: DOCUMENT }));
  }
  for (let i = 0; i < 2; i++) keyIds.push((await iam.send(new CreateAccessKeyCommand({ UserName: 'dave' }))).AccessKey!.AccessKeyId!);
});

afterAll(async () => {
  iam?.destroy();
  await coffer?.destroy();
});

interface PageShape {
  IsTruncated?: boolean;
  Marker?: string;
}

/** Every page a paginator yields: its items, and whether each page but the last said it was truncated. */
async function collect<P extends PageShape>(pages: AsyncIterable<P>, itemsOf: (page: P) => string[]): Promise<{ items: string[]; sizes: number[] }> {
  const items: string[] = [];
  const seen: P[] = [];
  for await (const page of pages) {
    seen.push(page);
    items.push(...itemsOf(page));
  }
  seen.forEach((page, i) => {
    const last = i === seen.length - 1;
    expect(page.IsTruncated).toBe(!last);
    expect(page.Marker === undefined).toBe(last);
  });
  return { items, sizes: seen.map((page) => itemsOf(page).length) };
}

function sizes(total: number, pageSize: number): number[] {
  return Array.from({ length: Math.ceil(total / pageSize) }, (_, i) => Math.min(pageSize, total - i * pageSize));
}

describe('paging', () => {
  describe.each([1, 2])('the SDK paginators with MaxItems %i collect every item exactly once, in order', (pageSize) => {
    it('ListGroups, also under a PathPrefix', async () => {
      const all = await collect(paginateListGroups({ client: iam, pageSize }, {}), (p) => p.Groups!.map((g) => g.GroupName!));
      expect(all).toEqual({ items: GROUPS, sizes: sizes(GROUPS.length, pageSize) });
      const ops = await collect(paginateListGroups({ client: iam, pageSize }, { PathPrefix: '/ops/' }), (p) => p.Groups!.map((g) => g.GroupName!));
      expect(ops).toEqual({ items: OPS_GROUPS, sizes: sizes(OPS_GROUPS.length, pageSize) });
    });

    it('ListGroupsForUser', async () => {
      const got = await collect(paginateListGroupsForUser({ client: iam, pageSize }, { UserName: 'bob' }), (p) => p.Groups!.map((g) => g.GroupName!));
      expect(got).toEqual({ items: ['Zeta', 'beta', 'delta', 'gamma'], sizes: sizes(4, pageSize) });
    });

    it('GetGroup (its Users)', async () => {
      const got = await collect(paginateGetGroup({ client: iam, pageSize }, { GroupName: 'beta' }), (p) => {
        expect(p.Group?.GroupName).toBe('beta');
        return p.Users!.map((u) => u.UserName!);
      });
      expect(got).toEqual({ items: MEMBERS, sizes: sizes(MEMBERS.length, pageSize) });
    });

    it('ListUserPolicies, ListGroupPolicies and ListRolePolicies', async () => {
      const expected = { items: POLICIES, sizes: sizes(POLICIES.length, pageSize) };
      expect(await collect(paginateListUserPolicies({ client: iam, pageSize }, { UserName: 'carol' }), (p) => p.PolicyNames!)).toEqual(expected);
      expect(await collect(paginateListGroupPolicies({ client: iam, pageSize }, { GroupName: 'alpha' }), (p) => p.PolicyNames!)).toEqual(expected);
      expect(await collect(paginateListRolePolicies({ client: iam, pageSize }, { RoleName: 'deployer' }), (p) => p.PolicyNames!)).toEqual(expected);
    });

    it('ListAccessKeys (oldest first)', async () => {
      const got = await collect(paginateListAccessKeys({ client: iam, pageSize }, { UserName: 'dave' }), (p) => p.AccessKeyMetadata!.map((k) => k.AccessKeyId!));
      expect(got).toEqual({ items: keyIds, sizes: sizes(2, pageSize) });
    });
  });

  it('a truncated name-ordered page carries the last name as its Marker; the next page starts after it', async () => {
    const first = await iam.send(new ListGroupsCommand({ MaxItems: 2 }));
    expect(first.Groups!.map((g) => g.GroupName)).toEqual(['Zeta', 'alpha']);
    expect(first).toMatchObject({ IsTruncated: true, Marker: 'alpha' });
    const second = await iam.send(new ListGroupsCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.Groups!.map((g) => g.GroupName)).toEqual(['beta', 'delta']);
    expect(second).toMatchObject({ IsTruncated: true, Marker: 'delta' });
    const last = await iam.send(new ListGroupsCommand({ MaxItems: 2, Marker: second.Marker }));
    expect(last.Groups!.map((g) => g.GroupName)).toEqual(['gamma']);
    expect(last.IsTruncated).toBe(false);
    expect(last.Marker).toBeUndefined();

    const members = await iam.send(new GetGroupCommand({ GroupName: 'beta', MaxItems: 3 }));
    expect(members.Users!.map((u) => u.UserName)).toEqual(['Mallory', 'bob', 'carol']);
    expect(members).toMatchObject({ IsTruncated: true, Marker: 'carol' });
    const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: 'deployer', MaxItems: 1, Marker: 'read' }));
    expect(policies).toMatchObject({ PolicyNames: ['rotate'], IsTruncated: true, Marker: 'rotate' });
  });

  it('a page that holds everything is not truncated and has no Marker', async () => {
    const exact = await iam.send(new ListGroupsForUserCommand({ UserName: 'bob', MaxItems: 4 }));
    expect(exact.Groups).toHaveLength(4);
    expect(exact.IsTruncated).toBe(false);
    expect(exact.Marker).toBeUndefined();
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'dave', MaxItems: 2 }));
    expect(keys.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual(keyIds);
    expect(keys.IsTruncated).toBe(false);
    expect(keys.Marker).toBeUndefined();
  });

  it('a Marker past the end gives an empty, untruncated page', async () => {
    const empty = { IsTruncated: false };
    const groups = await iam.send(new ListGroupsCommand({ Marker: 'zzz' }));
    expect(groups).toMatchObject({ ...empty, Groups: [] });
    expect(groups.Marker).toBeUndefined();
    expect(await iam.send(new ListGroupsForUserCommand({ UserName: 'bob', Marker: 'zzz' }))).toMatchObject({ ...empty, Groups: [] });
    expect(await iam.send(new GetGroupCommand({ GroupName: 'beta', Marker: 'zzz' }))).toMatchObject({ ...empty, Users: [], Group: { GroupName: 'beta' } });
    expect(await iam.send(new ListUserPoliciesCommand({ UserName: 'carol', Marker: 'zzz' }))).toMatchObject({ ...empty, PolicyNames: [] });
    expect(await iam.send(new ListGroupPoliciesCommand({ GroupName: 'alpha', Marker: 'zzz' }))).toMatchObject({ ...empty, PolicyNames: [] });
    expect(await iam.send(new ListRolePoliciesCommand({ RoleName: 'deployer', Marker: 'zzz' }))).toMatchObject({ ...empty, PolicyNames: [] });
  });

  it('an access key Marker is a position: past the end once the keys after it are gone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!.AccessKeyId!);
    const first = await iam.send(new ListAccessKeysCommand({ UserName: 'erin', MaxItems: 1 }));
    expect(first.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([ids[0]]);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toMatch(/^[\u0020-\u00FF]+$/);
    expect(first.Marker).not.toBe(ids[0]);

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: ids[1] }));
    const after = await iam.send(new ListAccessKeysCommand({ UserName: 'erin', Marker: first.Marker }));
    expect(after.AccessKeyMetadata).toEqual([]);
    expect(after.IsTruncated).toBe(false);
    expect(after.Marker).toBeUndefined();
  });

  it('rejects an access key Marker it did not make', async () => {
    for (const marker of ['alpha', 'position:1', keyIds[0]!]) {
      expect(await awsError(() => iam.send(new ListAccessKeysCommand({ UserName: 'dave', Marker: marker })))).toEqual({
        name: 'ValidationError',
        message: 'Invalid Marker.',
        status: 400,
      });
    }
  });
});
