import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

interface Input {
  PolicyArn: string;
  EntityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

type Entity = { type: 'group' | 'role' | 'user'; name: string; id: string };

export const listEntitiesForPolicy = defineOperation<Input, IamDeps>({
  name: 'ListEntitiesForPolicy',
  readOnly: true,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: {
      PolicyArn: P.PolicyArn,
      EntityFilter: { type: 'string', enum: ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] },
      PathPrefix: S.Path,
      PolicyUsageFilter: P.PolicyUsageFilter,
      Marker: S.Marker,
      MaxItems: S.MaxItems,
    },
  },
  output: {
    type: 'structure',
    members: {
      PolicyGroups: { type: 'list', member: P.PolicyGroup },
      PolicyUsers: { type: 'list', member: P.PolicyUser },
      PolicyRoles: { type: 'list', member: P.PolicyRole },
      IsTruncated: { type: 'boolean' },
      Marker: { type: 'string' },
    },
  },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'ListEntitiesForPolicy', input.PolicyArn);
    const found = await policies.listEntitiesForPolicy(ctx.scope.accountId, input.PolicyArn, {
      entityFilter: input.EntityFilter,
      pathPrefix: input.PathPrefix,
      usage: input.PolicyUsageFilter,
    });
    // One page over all three kinds, groups first, then roles, then users (the key orders them so).
    const all: Entity[] = [
      ...found.groups.map((e) => ({ type: 'group' as const, ...e })),
      ...found.roles.map((e) => ({ type: 'role' as const, ...e })),
      ...found.users.map((e) => ({ type: 'user' as const, ...e })),
    ];
    const { page, isTruncated, marker } = pageByName(all, (e) => `${e.type} ${e.name}`, input.Marker, input.MaxItems);
    const of = (type: Entity['type']) => page.filter((e) => e.type === type);
    return {
      PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      IsTruncated: isTruncated,
      ...(marker !== undefined ? { Marker: marker } : {}),
    };
  },
});
