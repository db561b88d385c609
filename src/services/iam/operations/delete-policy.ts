import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';

export const deletePolicy = defineOperation<{ PolicyArn: string }, IamDeps>({
  name: 'DeletePolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'DeletePolicy', input.PolicyArn);
    await policies.deletePolicy(ctx.scope.accountId, input.PolicyArn, ctx.principal.arn);
    return {};
  },
});
