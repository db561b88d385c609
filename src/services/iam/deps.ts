import type { IamEngine } from '../../domain/iam/iam-engine.js';
import type { GroupEngine } from '../../domain/iam/groups.js';
import type { RoleEngine } from '../../domain/iam/roles.js';
import type { ManagedPolicyEngine } from '../../domain/iam/managed-policies.js';
import type { EntityTagEngine } from '../../domain/iam/entity-tags.js';
import type { AccessKeyLastUsedReader } from '../../domain/iam/access-key-last-used.js';
import type { PolicySimulator } from '../../domain/iam/policy-simulator.js';

export interface IamDeps {
  iam: IamEngine;
  roles: RoleEngine;
  groups: GroupEngine;
  policies: ManagedPolicyEngine;
  tags: EntityTagEngine;
  keyLastUsed: AccessKeyLastUsedReader;
  simulator: PolicySimulator;
}
