import * as E from '../../../domain/kms/errors.js';
import { keyArn } from '../../../domain/kms/index.js';
import { assertKeyPolicy } from '../../../domain/kms/kms-keys.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { KmsDeps } from '../deps.js';
import { assertNoLockout } from '../lockout.js';
import { fromWireTags, keyMetadata } from '../output.js';
import * as S from '../shapes.js';
import { assertTagKeys } from '../tags.js';

interface Input {
  Policy?: string;
  Description?: string;
  KeyUsage?: string;
  CustomerMasterKeySpec?: string;
  KeySpec?: string;
  Origin?: string;
  CustomKeyStoreId?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: S.WireTag[];
  MultiRegion?: boolean;
  XksKeyId?: string;
}

export const createKey = defineOperation<Input, KmsDeps>({
  name: 'CreateKey',
  readOnly: false,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      Policy: S.Policy,
      Description: S.Description,
      KeyUsage: S.KeyUsage,
      CustomerMasterKeySpec: S.CustomerMasterKeySpec,
      KeySpec: S.KeySpec,
      Origin: S.Origin,
      CustomKeyStoreId: S.CustomKeyStoreId,
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
      Tags: S.Tags,
      MultiRegion: { type: 'boolean' },
      XksKeyId: { type: 'string', min: 1, max: 128, pattern: /^[a-zA-Z0-9-_.]+$/, patternText: '^[a-zA-Z0-9-_.]+$' },
    },
  },
  async handle(input, ctx, { kms }) {
    assertSymmetricEncryptionKey(input);
    const tags = fromWireTags(input.Tags ?? []);
    assertTagKeys(tags);
    if (input.Policy !== undefined) {
      assertKeyPolicy(input.Policy);
      // The key has no id yet: the policy is checked as it applies to a key of this account and region.
      assertNoLockout(ctx, { arn: keyArn(ctx.scope, '*'), tags }, input.Policy, input.BypassPolicyLockoutSafetyCheck);
    }
    const key = await kms.keys.createKey(ctx.scope, { description: input.Description, policy: input.Policy, tags });
    return { KeyMetadata: keyMetadata(key) };
  },
});

/** Coffer makes symmetric encryption keys with material of its own, in its own key store: anything else is refused. */
function assertSymmetricEncryptionKey(input: Input): void {
  for (const spec of [input.KeySpec, input.CustomerMasterKeySpec]) {
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') throw E.unsupported(`KeySpec ${spec} is not supported by Coffer: only SYMMETRIC_DEFAULT keys can be created.`);
  }
  if (input.KeyUsage !== undefined && input.KeyUsage !== 'ENCRYPT_DECRYPT') {
    throw E.unsupported(`KeyUsage ${input.KeyUsage} is not supported by Coffer: only ENCRYPT_DECRYPT keys can be created.`);
  }
  if (input.Origin !== undefined && input.Origin !== 'AWS_KMS') throw E.unsupported(`Origin ${input.Origin} is not supported by Coffer: only AWS_KMS keys can be created.`);
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) throw E.unsupported('Custom key stores are not supported by Coffer.');
  if (input.MultiRegion === true) throw E.unsupported('Multi-Region keys are not supported by Coffer.');
}
