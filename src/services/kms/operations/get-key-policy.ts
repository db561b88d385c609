import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { assertDefaultPolicyName, DEFAULT_POLICY_NAME } from '../key-policy-name.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  PolicyName?: string;
}

export const getKeyPolicy = defineOperation<Input, KmsDeps>({
  name: 'GetKeyPolicy',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, PolicyName: S.PolicyName } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:GetKeyPolicy');
    assertDefaultPolicyName(input.PolicyName);
    return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
  },
});
