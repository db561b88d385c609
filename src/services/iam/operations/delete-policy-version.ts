import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';

export const deletePolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }, IamDeps>({
  name: 'DeletePolicyVersion',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn, VersionId: P.VersionId } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'DeletePolicyVersion', input.PolicyArn);
    await policies.deletePolicyVersion(ctx.scope.accountId, input.PolicyArn, input.VersionId, ctx.principal.arn);
    return {};
  },
});
