import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteRole = defineOperation<{ RoleName: string }, IamDeps>({
  name: 'DeleteRole',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName } },
  async handle(input, ctx, { roles }) {
    await roles.deleteRole(ctx.scope.accountId, input.RoleName);
    return {};
  },
});
