import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';

export const getPolicy = defineOperation<{ PolicyArn: string }, IamDeps>({
  name: 'GetPolicy',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn } },
  output: { type: 'structure', members: { Policy: P.Policy } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'GetPolicy', input.PolicyArn);
    return { Policy: P.policyOutput(await policies.getPolicy(ctx.scope.accountId, input.PolicyArn), { description: true, tags: true }) };
  },
});
