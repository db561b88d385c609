import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { fromWireTags } from '../output.js';
import * as S from '../shapes.js';
import { assertTagKeys } from '../tags.js';

interface Input {
  KeyId: string;
  Tags: S.WireTag[];
}

export const tagResource = defineOperation<Input, KmsDeps>({
  name: 'TagResource',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, Tags: { ...S.Tags, required: true } } },
  async handle(input, ctx, deps) {
    const tags = fromWireTags(input.Tags);
    assertTagKeys(tags);
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:TagResource');
    await deps.kms.keys.tagResource(key, tags);
    return {};
  },
});
