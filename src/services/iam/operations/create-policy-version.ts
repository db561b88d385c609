import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const createPolicyVersion = defineOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, IamDeps>({
  name: 'CreatePolicyVersion',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { PolicyArn: P.PolicyArn, PolicyDocument: S.PolicyDocument, SetAsDefault: { type: 'boolean' } } },
  output: { type: 'structure', members: { PolicyVersion: P.PolicyVersion } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'CreatePolicyVersion', input.PolicyArn);
    const version = await policies.createPolicyVersion(ctx.scope.accountId, input.PolicyArn, input.PolicyDocument, input.SetAsDefault === true, ctx.principal.arn);
    // IAM's answer names the new version without repeating its document.
    return { PolicyVersion: P.versionOutput(version, false) };
  },
});
