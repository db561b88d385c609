import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import * as P from '../policy-shapes.js';
import * as S from '../shapes.js';

export const attachUserPolicy = defineOperation<{ UserName: string; PolicyArn: string }, IamDeps>({
  name: 'AttachUserPolicy',
  readOnly: false,
  authorization: { resource: (input, ctx, { iam }) => iam.userArnFor(ctx.scope.accountId, input.UserName) },
  input: { type: 'structure', members: { UserName: S.UserName, PolicyArn: P.PolicyArn } },
  async handle(input, ctx, { policies }) {
    await policies.attach(ctx.scope.accountId, 'user', input.UserName, input.PolicyArn);
    return {};
  },
});
