import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  TagKeys: string[];
}

/** Removing a tag the key does not have is not an error. */
export const untagResource = defineOperation<Input, KmsDeps>({
  name: 'UntagResource',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, TagKeys: { ...S.TagKeys, required: true } } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:UntagResource');
    await deps.kms.keys.untagResource(key, input.TagKeys);
    return {};
  },
});
