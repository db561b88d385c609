import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  RotationPeriodInDays?: number;
}

export const enableKeyRotation = defineOperation<Input, KmsDeps>({
  name: 'EnableKeyRotation',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, RotationPeriodInDays: S.RotationPeriodInDays } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:EnableKeyRotation');
    await deps.kms.keys.enableKeyRotation(key, input.RotationPeriodInDays);
    return {};
  },
});
