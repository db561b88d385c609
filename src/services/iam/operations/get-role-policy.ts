import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const getRolePolicy = defineOperation<{ RoleName: string; PolicyName: string }, IamDeps>({
  name: 'GetRolePolicy',
  readOnly: true,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, PolicyName: S.PolicyName } },
  output: { type: 'structure', members: { RoleName: { type: 'string' }, PolicyName: { type: 'string' }, PolicyDocument: { type: 'string' } } },
  async handle(input, ctx, { roles }) {
    const policy = await roles.getRolePolicy(ctx.scope.accountId, input.RoleName, input.PolicyName);
    return { RoleName: policy.roleName, PolicyName: policy.policyName, PolicyDocument: encodeURIComponent(policy.document) };
  },
});
