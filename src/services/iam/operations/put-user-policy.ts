import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as S from '../shapes.js';

export const putUserPolicy = defineOperation<{ UserName: string; PolicyName: string; PolicyDocument: string }, IamDeps>({
  name: 'PutUserPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.PolicyUserName, PolicyName: S.PolicyName, PolicyDocument: S.PolicyDocument } },
  async handle(input, ctx, { iam }) {
    await iam.putUserPolicy(ctx.scope.accountId, input.UserName, input.PolicyName, input.PolicyDocument);
    return {};
  },
});
