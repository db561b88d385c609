import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { DEFAULT_POLICY_NAME } from '../key-policy-name.js';
import { kmsPage } from '../paging.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  Limit?: number;
  Marker?: string;
}

export const listKeyPolicies = defineOperation<Input, KmsDeps>({
  name: 'ListKeyPolicies',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, Limit: S.Limit, Marker: S.Marker } },
  async handle(input, ctx, deps) {
    await authorizedKeyById(ctx, deps, input.KeyId, 'kms:ListKeyPolicies');
    const page = kmsPage('ListKeyPolicies', [DEFAULT_POLICY_NAME], (name) => name, input, { limit: 100, maxLimit: 1000 });
    return { PolicyNames: page.items, ...page.paging };
  },
});
