import { defineOperation } from '../../operation.js';
import type { Tag } from '../../../storage/store.js';
import type { IamDeps } from '../deps.js';
import { authorizePolicyCall } from '../policy-authorization.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

interface Input {
  PolicyName: string;
  PolicyDocument: string;
  Path?: string;
  Description?: string;
  Tags?: Tag[];
}

export const createPolicy = defineOperation<Input, IamDeps>({
  name: 'CreatePolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: { PolicyName: S.PolicyName, PolicyDocument: S.PolicyDocument, Path: P.PolicyPath, Description: { type: 'string', max: 1000 }, Tags: S.Tags },
  },
  output: { type: 'structure', members: { Policy: P.Policy } },
  async handle(input, ctx, { policies }) {
    authorizePolicyCall(ctx, 'CreatePolicy', `arn:aws:iam::${ctx.scope.accountId}:policy${input.Path ?? '/'}${input.PolicyName}`);
    const policy = await policies.createPolicy(ctx.scope.accountId, {
      policyName: input.PolicyName,
      document: input.PolicyDocument,
      path: input.Path,
      description: input.Description,
      tags: input.Tags,
    });
    return { Policy: P.policyOutput(policy, { tags: true }) };
  },
});
