import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const putRolePolicy = defineOperation<{ RoleName: string; PolicyName: string; PolicyDocument: string }, IamDeps>({
  name: 'PutRolePolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, PolicyName: S.PolicyName, PolicyDocument: S.PolicyDocument } },
  async handle(input, ctx, { roles }) {
    await roles.putRolePolicy(ctx.scope.accountId, input.RoleName, input.PolicyName, input.PolicyDocument);
    return {};
  },
});
