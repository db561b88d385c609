import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { roleOutput } from '../output.js';
import { pageByName } from '../paging.js';
import * as S from '../shapes.js';

export const listRoles = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListRoles',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PathPrefix: { type: 'string', min: 1, max: 512 }, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Roles: { type: 'list', member: S.Role }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { roles }) {
    const all = await roles.listRoles(ctx.scope.accountId, input.PathPrefix);
    const { page, isTruncated, marker } = pageByName(all, (item) => item.roleName, input.Marker, input.MaxItems);
    return { Roles: page.map(roleOutput), IsTruncated: isTruncated, ...(marker !== undefined ? { Marker: marker } : {}) };
  },
});
