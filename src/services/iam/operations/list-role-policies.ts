import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listRolePolicies = defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListRolePolicies',
  readOnly: true,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { PolicyNames: S.StringList, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { roles }) {
    const names = await roles.listRolePolicies(ctx.scope.accountId, input.RoleName);
    const { page, isTruncated, marker } = pageByName(names, (name) => name, input.Marker, input.MaxItems);
    return { PolicyNames: page, IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
