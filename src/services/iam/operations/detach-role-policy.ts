import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const detachRolePolicy = defineOperation<{ RoleName: string; PolicyArn: string }, IamDeps>({
  name: 'DetachRolePolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { roles }) => roles.roleArnFor(ctx.scope.accountId, input.RoleName) },
  input: { type: 'structure', members: { RoleName: S.RoleName, PolicyArn: P.PolicyArn } },
  async handle(input, ctx, { policies }) {
    await policies.detach(ctx.scope.accountId, 'role', input.RoleName, input.PolicyArn);
    return {};
  },
});
