import { assertKeyPolicy } from '../../../domain/kms/kms-keys.js';
import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { assertDefaultPolicyName } from '../key-policy-name.js';
import { assertNoLockout } from '../lockout.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  PolicyName?: string;
  Policy: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}

export const putKeyPolicy = defineOperation<Input, KmsDeps>({
  name: 'PutKeyPolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: { KeyId: S.KeyId, PolicyName: S.PolicyName, Policy: { ...S.Policy, required: true }, BypassPolicyLockoutSafetyCheck: { type: 'boolean' } },
  },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:PutKeyPolicy');
    assertDefaultPolicyName(input.PolicyName);
    assertKeyPolicy(input.Policy);
    assertNoLockout(ctx, key, input.Policy, input.BypassPolicyLockoutSafetyCheck);
    await deps.kms.keys.putKeyPolicy(key, input.Policy);
    return {};
  },
});
