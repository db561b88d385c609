import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { roleOutput } from '../output.js';
import * as S from '../shapes.js';

export const listRoles = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, IamDeps>({
  name: 'ListRoles',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PathPrefix: { type: 'string', min: 1, max: 512 }, Marker: S.Marker, MaxItems: S.MaxItems } },
  output: { type: 'structure', members: { Roles: { type: 'list', member: S.Role }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } } },
  async handle(input, ctx, { roles }) {
    const all = await roles.listRoles(ctx.scope.accountId, input.PathPrefix);
    const start = input.Marker === undefined ? 0 : Math.max(0, all.findIndex((r) => r.roleName > input.Marker!));
    const size = input.MaxItems ?? 100;
    const page = all.slice(start, start + size);
    const truncated = start + size < all.length;
    return { Roles: page.map(roleOutput), IsTruncated: truncated, ...(truncated ? { Marker: page[page.length - 1]!.roleName } : {}) };
  },
});
