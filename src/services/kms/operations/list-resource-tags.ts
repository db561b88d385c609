import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { toWireTags } from '../output.js';
import { kmsPage } from '../paging.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}

export const listResourceTags = defineOperation<Input, KmsDeps>({
  name: 'ListResourceTags',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, Limit: S.Limit, Marker: S.Marker } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:ListResourceTags');
    const tags = toWireTags(key.tags).sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
    const page = kmsPage('ListResourceTags', tags, (t) => t.TagKey, input, { limit: 50, maxLimit: 50 });
    return { Tags: page.items, ...page.paging };
  },
});
