import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';

export const getPolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }, IamDeps>({
  name: 'GetPolicyVersion',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn, VersionId: P.VersionId } },
  output: { type: 'structure', members: { PolicyVersion: P.PolicyVersion } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'GetPolicyVersion', input.PolicyArn);
    return { PolicyVersion: P.versionOutput(await policies.getPolicyVersion(ctx.scope.accountId, input.PolicyArn, input.VersionId), true) };
  },
});
