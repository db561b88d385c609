import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { GetContextKeysForPolicyResponse, PolicyInputList, PolicySourceArn } from '../simulate-shapes.js';

export const getContextKeysForPrincipalPolicy = defineOperation<{ PolicySourceArn: string; PolicyInputList?: string[] }, IamDeps>({
  name: 'GetContextKeysForPrincipalPolicy',
  readOnly: true,
  authorization: { resource: (input) => input.PolicySourceArn },
  input: { type: 'structure', members: { PolicySourceArn, PolicyInputList } },
  output: GetContextKeysForPolicyResponse,
  async handle(input, ctx, { simulator }) {
    return { ContextKeyNames: await simulator.contextKeysForPrincipal(ctx.scope.accountId, input.PolicySourceArn, input.PolicyInputList) };
  },
});
