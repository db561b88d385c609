/**
 * Declarative access setup: `coffer dev --bootstrap file.json` applies users, groups, roles, their inline policies
 * and group memberships at start, idempotently — what exists is kept, named policies are created or replaced,
 * memberships are added — so a team can keep its access setup in git. Access keys are never in the file.
 *
 * @example
 *   {
 *     "groups": [{ "name": "readers", "policies": { "read-prod": { "Version": "2012-10-17", "Statement": [...] } } }],
 *     "users":  [{ "name": "app", "groups": ["readers"], "tags": { "team": "payments" } }],
 *     "roles":  [{ "name": "ci", "trust": { ... }, "policies": { ... }, "maxSessionDuration": 3600 }]
 *   }
 */
import { readFileSync } from 'node:fs';
import type { GroupEngine } from '../domain/iam/groups.js';
import type { IamEngine } from '../domain/iam/iam-engine.js';
import type { RoleEngine } from '../domain/iam/roles.js';
import { isAwsError } from '../protocol/errors.js';

type Policies = Record<string, unknown>;

export interface BootstrapFile {
  users?: { name: string; path?: string; tags?: Record<string, string>; policies?: Policies; groups?: string[] }[];
  groups?: { name: string; path?: string; policies?: Policies }[];
  roles?: { name: string; path?: string; trust: unknown; description?: string; maxSessionDuration?: number; policies?: Policies }[];
}

export interface BootstrapEngines {
  iam: IamEngine;
  groups: GroupEngine;
  roles: RoleEngine;
}

export interface BootstrapReport {
  created: string[];
  policies: number;
  memberships: number;
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
  const report: BootstrapReport = { created: [], policies: 0, memberships: 0 };
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      throw new Error(`bootstrap: ${what}: ${isAwsError(error) ? `${error.code}: ${error.message}` : (error as Error).message}`);
    }
  };
  const policyText = (doc: unknown) => (typeof doc === 'string' ? doc : JSON.stringify(doc));

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
    });
  }
  return report;
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
  for (const key of Object.keys(file)) if (!['users', 'groups', 'roles'].includes(key)) fail(`unknown key "${key}" (expected users, groups, roles)`);
  for (const key of ['users', 'groups', 'roles'] as const) {
    const list = file[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(`"${key}" must be a list`);
    (list as unknown[]).forEach((entry, i) => {
      if (typeof entry !== 'object' || entry === null || typeof (entry as { name?: unknown }).name !== 'string') fail(`${key}[${i}] needs a "name"`);
      if (key === 'roles' && (entry as { trust?: unknown }).trust === undefined) fail(`roles[${i}] needs a "trust" policy`);
    });
  }
  return file as BootstrapFile;
}
