import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { roleOutput } from '../output.js';
import * as S from '../shapes.js';

export const getRole = defineOperation<{ RoleName: string }, IamDeps>({
  name: 'GetRole',
  readOnly: true,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName } },
  output: { type: 'structure', members: { Role: S.Role } },
  async handle(input, ctx, { roles }) {
    return { Role: roleOutput(await roles.getRole(ctx.scope.accountId, input.RoleName)) };
  },
});
