import type { IamEngine } from '../../domain/iam/iam-engine.js';
import type { GroupEngine } from '../../domain/iam/groups.js';
import type { RoleEngine } from '../../domain/iam/roles.js';

export interface IamDeps {
  iam: IamEngine;
  roles: RoleEngine;
  groups: GroupEngine;
}
