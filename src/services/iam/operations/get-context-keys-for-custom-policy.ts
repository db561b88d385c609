import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { GetContextKeysForPolicyResponse, PolicyInputList } from '../simulate-shapes.js';

export const getContextKeysForCustomPolicy = defineOperation<{ PolicyInputList: string[] }, IamDeps>({
  name: 'GetContextKeysForCustomPolicy',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { PolicyInputList: { ...PolicyInputList, required: true } } },
  output: GetContextKeysForPolicyResponse,
  async handle(input, _ctx, { simulator }) {
    return { ContextKeyNames: simulator.contextKeysForCustom(input.PolicyInputList) };
  },
});
