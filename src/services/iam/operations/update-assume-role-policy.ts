import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const updateAssumeRolePolicy = defineOperation<{ RoleName: string; PolicyDocument: string }, IamDeps>({
  name: 'UpdateAssumeRolePolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, PolicyDocument: S.PolicyDocument } },
  async handle(input, ctx, { roles }) {
    await roles.updateAssumeRolePolicy(ctx.scope.accountId, input.RoleName, input.PolicyDocument);
    return {};
  },
});
