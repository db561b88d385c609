import { defineOperation } from '../../operation.js';
import { authorizedKey } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { keyMetadata } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  GrantTokens?: string[];
}

export const describeKey = defineOperation<Input, KmsDeps>({
  name: 'DescribeKey',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, GrantTokens: S.GrantTokens } },
  async handle(input, ctx, deps) {
    const key = await authorizedKey(ctx, deps, input.KeyId, 'kms:DescribeKey');
    return { KeyMetadata: keyMetadata(key) };
  },
});
