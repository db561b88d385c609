import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import { kmsPage } from '../paging.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY';
  Limit?: number;
  Marker?: string;
}

export const listKeyRotations = defineOperation<Input, KmsDeps>({
  name: 'ListKeyRotations',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, IncludeKeyMaterial: S.IncludeKeyMaterial, Limit: S.Limit, Marker: S.Marker } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:ListKeyRotations');
    const materials = await deps.kms.keys.listKeyRotations(key, input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL');
    const page = kmsPage('ListKeyRotations', materials, (m) => String(m.version).padStart(10, '0'), input, { limit: 100, maxLimit: 1000 });
    return {
      Rotations: page.items.map((m) => {
        const entry: Record<string, unknown> = { KeyId: key.keyId, RotationDate: epochSeconds(m.createdAt) };
        if (m.rotationType !== undefined) entry.RotationType = m.rotationType;
        if (input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL') entry.KeyMaterialState = m.version === key.currentMaterial ? 'CURRENT' : 'NON_CURRENT';
        return entry;
      }),
      ...page.paging,
    };
  },
});
