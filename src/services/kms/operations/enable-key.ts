import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
}

export const enableKey = defineOperation<Input, KmsDeps>({
  name: 'EnableKey',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:EnableKey');
    await deps.kms.keys.enableKey(key);
    return {};
  },
});
