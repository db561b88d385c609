import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { KmsDeps } from '../deps.js';
import { kmsPage } from '../paging.js';
import * as S from '../shapes.js';

interface Input {
  Limit?: number;
  Marker?: string;
}

export const listKeys = defineOperation<Input, KmsDeps>({
  name: 'ListKeys',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { Limit: S.Limit, Marker: S.Marker } },
  async handle(input, ctx, { kms }) {
    const keys = await kms.keys.listKeys(ctx.scope);
    // Oldest first, as the store lists them; the sort key keeps that order under code-point comparison.
    const page = kmsPage('ListKeys', keys, (k) => `${String(k.createdAt).padStart(16, '0')}/${k.keyId}`, input, { limit: 100, maxLimit: 1000 });
    return { Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...page.paging };
  },
});
