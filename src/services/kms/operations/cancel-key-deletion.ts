import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
}

/** The key comes back Disabled (KMS's rule): EnableKey makes it usable again. */
export const cancelKeyDeletion = defineOperation<Input, KmsDeps>({
  name: 'CancelKeyDeletion',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:CancelKeyDeletion');
    const cancelled = await deps.kms.keys.cancelKeyDeletion(key);
    return { KeyId: cancelled.arn };
  },
});
