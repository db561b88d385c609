/**
 * Declarative access setup: `coffer dev --bootstrap file.json` applies customer managed policies, users, groups,
 * roles, their inline policies, attached managed policies and group memberships at start, idempotently — what exists
 * is kept, named inline policies are created or replaced, a managed policy whose document changed gets a new default
 * version, attachments and memberships are added — so a team can keep its access setup in git. Access keys are never
 * in the file.
 *
 * @example
 *   {
 *     "policies": [{ "name": "read-prod", "description": "Reads prod secrets", "document": { "Version": "2012-10-17", "Statement": [...] } }],
 *     "groups": [{ "name": "readers", "managedPolicies": ["read-prod"], "policies": { "inline": { ... } } }],
 *     "users":  [{ "name": "app", "groups": ["readers"], "tags": { "team": "payments" } }],
 *     "roles":  [{ "name": "ci", "trust": { ... }, "managedPolicies": ["arn:aws:iam::aws:policy/AdministratorAccess"], "maxSessionDuration": 3600 }]
 *   }
 *
 * A `managedPolicies` entry is a policy ARN, or the bare name of one of the account's customer managed policies.
 */
import { readFileSync } from 'node:fs';
import type { GroupEngine } from '../domain/iam/groups.js';
import type { ManagedPolicyEngine } from '../domain/iam/managed-policies.js';
import type { IamEngine } from '../domain/iam/iam-engine.js';
import type { RoleEngine } from '../domain/iam/roles.js';
import { isAwsError } from '../protocol/errors.js';

type Policies = Record<string, unknown>;

export interface BootstrapFile {
  policies?: { name: string; path?: string; description?: string; document: unknown }[];
  users?: { name: string; path?: string; tags?: Record<string, string>; policies?: Policies; managedPolicies?: string[]; groups?: string[] }[];
  groups?: { name: string; path?: string; policies?: Policies; managedPolicies?: string[] }[];
  roles?: { name: string; path?: string; trust: unknown; description?: string; maxSessionDuration?: number; policies?: Policies; managedPolicies?: string[] }[];
}

export interface BootstrapEngines {
  iam: IamEngine;
  groups: GroupEngine;
  roles: RoleEngine;
  policies: ManagedPolicyEngine;
}

export interface BootstrapReport {
  created: string[];
  policies: number;
  memberships: number;
  /** New default versions of managed policies whose document changed. */
  policyVersions: number;
  attachments: number;
}

export function readBootstrapFile(path: string): BootstrapFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`bootstrap file ${path}: ${(error as Error).message}`);
  }
  return validate(parsed, path);
}

/** Applies the file; fails with the AWS error's text (e.g. a malformed policy) naming the entity concerned. */
export async function applyBootstrap(accountId: string, file: BootstrapFile, engines: BootstrapEngines): Promise<BootstrapReport> {
  const report: BootstrapReport = { created: [], policies: 0, memberships: 0, policyVersions: 0, attachments: 0 };
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      throw new Error(`bootstrap: ${what}: ${isAwsError(error) ? `${error.code}: ${error.message}` : (error as Error).message}`);
    }
  };
  const policyText = (doc: unknown) => (typeof doc === 'string' ? doc : JSON.stringify(doc));
  const attach = async (type: 'user' | 'group' | 'role', name: string, refs: string[] | undefined) => {
    for (const ref of refs ?? []) {
      await engines.policies.attach(accountId, type, name, await policyArnOf(engines.policies, accountId, ref));
      report.attachments++;
    }
  };

  for (const policy of file.policies ?? []) {
    await step(`policy ${policy.name}`, async () => {
      const change = await applyManagedPolicy(engines.policies, accountId, { ...policy, document: policyText(policy.document) });
      if (change === 'created') report.created.push(`policy/${policy.name}`);
      if (change === 'new-version') report.policyVersions++;
    });
  }
  for (const group of file.groups ?? []) {
    await step(`group ${group.name}`, async () => {
      if (!(await exists(() => engines.groups.getGroup(accountId, group.name)))) {
        await engines.groups.createGroup(accountId, group.name, group.path ?? '/');
        report.created.push(`group/${group.name}`);
      }
      for (const [name, doc] of Object.entries(group.policies ?? {})) {
        await engines.groups.putGroupPolicy(accountId, group.name, name, policyText(doc));
        report.policies++;
      }
      await attach('group', group.name, group.managedPolicies);
    });
  }
  for (const user of file.users ?? []) {
    await step(`user ${user.name}`, async () => {
      if (!(await exists(() => engines.iam.getUser(accountId, user.name)))) {
        const tags = user.tags === undefined ? undefined : Object.entries(user.tags).map(([Key, Value]) => ({ Key, Value }));
        await engines.iam.createUser(accountId, user.name, user.path ?? '/', tags);
        report.created.push(`user/${user.name}`);
      }
      for (const [name, doc] of Object.entries(user.policies ?? {})) {
        await engines.iam.putUserPolicy(accountId, user.name, name, policyText(doc));
        report.policies++;
      }
      await attach('user', user.name, user.managedPolicies);
      for (const group of user.groups ?? []) {
        await engines.groups.addUserToGroup(accountId, group, user.name);
        report.memberships++;
      }
    });
  }
  for (const role of file.roles ?? []) {
    await step(`role ${role.name}`, async () => {
      if (await exists(() => engines.roles.getRole(accountId, role.name))) {
        await engines.roles.updateAssumeRolePolicy(accountId, role.name, policyText(role.trust));
      } else {
        await engines.roles.createRole(accountId, {
          roleName: role.name,
          assumeRolePolicy: policyText(role.trust),
          path: role.path,
          description: role.description,
          maxSessionDuration: role.maxSessionDuration,
        });
        report.created.push(`role/${role.name}`);
      }
      for (const [name, doc] of Object.entries(role.policies ?? {})) {
        await engines.roles.putRolePolicy(accountId, role.name, name, policyText(doc));
        report.policies++;
      }
      await attach('role', role.name, role.managedPolicies);
    });
  }
  return report;
}

const MAX_POLICY_VERSIONS = 5;

/**
 * Creates the customer managed policy, or — when its default document differs from the file's — gives it a new
 * default version, first deleting the oldest non-default version when it already has the most IAM allows.
 */
async function applyManagedPolicy(
  policies: ManagedPolicyEngine,
  accountId: string,
  wanted: { name: string; path?: string; description?: string; document: string },
): Promise<'created' | 'new-version' | 'unchanged'> {
  const existing = await policies.findPolicyByName(accountId, wanted.name);
  if (!existing) {
    await policies.createPolicy(accountId, { policyName: wanted.name, path: wanted.path, description: wanted.description, document: wanted.document });
    return 'created';
  }
  const current = await policies.getPolicyVersion(accountId, existing.arn, existing.defaultVersionId);
  if (sameDocument(current.document, wanted.document)) return 'unchanged';
  const versions = await policies.listPolicyVersions(accountId, existing.arn);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = versions.filter((v) => !v.isDefault).at(-1)!;
    await policies.deletePolicyVersion(accountId, existing.arn, oldest.versionId, `arn:aws:iam::${accountId}:root`);
  }
  await policies.createPolicyVersion(accountId, existing.arn, wanted.document, true, `arn:aws:iam::${accountId}:root`);
  return 'new-version';
}

/** Equal as JSON, whatever the whitespace. */
function sameDocument(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** A policy ARN as given, or a bare name resolved to the account's customer managed policy of that name. */
async function policyArnOf(policies: ManagedPolicyEngine, accountId: string, ref: string): Promise<string> {
  if (ref.startsWith('arn:')) return ref;
  return (await policies.findPolicyByName(accountId, ref))?.arn ?? `arn:aws:iam::${accountId}:policy/${ref}`;
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (error) {
    if (isAwsError(error) && error.code === 'NoSuchEntity') return false;
    throw error;
  }
}

function validate(value: unknown, path: string): BootstrapFile {
  const fail = (message: string): never => {
    throw new Error(`bootstrap file ${path}: ${message}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('must be a JSON object');
  const file = value as Record<string, unknown>;
  for (const key of Object.keys(file)) if (!['policies', 'users', 'groups', 'roles'].includes(key)) fail(`unknown key "${key}" (expected policies, users, groups, roles)`);
  for (const key of ['policies', 'users', 'groups', 'roles'] as const) {
    const list = file[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`"${key}" must be a list`);
    (list as unknown[]).forEach((entry, i) => {
      if (typeof entry !== 'object' || entry === null || typeof (entry as { name?: unknown }).name !== 'string') fail(`${key}[${i}] needs a "name"`);
      if (key === 'roles' && (entry as { trust?: unknown }).trust === undefined) fail(`roles[${i}] needs a "trust" policy`);
      if (key === 'policies' && (entry as { document?: unknown }).document === undefined) fail(`policies[${i}] needs a "document"`);
      const refs = (entry as { managedPolicies?: unknown }).managedPolicies;
      if (key !== 'policies' && refs !== undefined && !(Array.isArray(refs) && refs.every((r) => typeof r === 'string'))) {
        fail(`${key}[${i}].managedPolicies must be a list of policy ARNs or names`);
      }
    });
  }
  return file as BootstrapFile;
}
