import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const deleteRolePolicy = defineOperation<{ RoleName: string; PolicyName: string }, IamDeps>({
  name: 'DeleteRolePolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, PolicyName: S.PolicyName } },
  async handle(input, ctx, { roles }) {
    await roles.deleteRolePolicy(ctx.scope.accountId, input.RoleName, input.PolicyName);
    return {};
  },
});
