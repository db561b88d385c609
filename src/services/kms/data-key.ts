/** GenerateDataKey and GenerateDataKeyWithoutPlaintext share their input and their checks. */
import type { EncryptionContextMap } from '../../domain/kms/index.js';
import * as E from '../../domain/kms/errors.js';
import type { KmsKeyRecord } from '../../storage/store.js';
import type { StructureShape } from '../../protocol/shape.js';
import type { RequestContext } from '../operation.js';
import { authorizedKey } from './access.js';
import { endDryRun } from './crypto-options.js';
import type { KmsDeps } from './deps.js';
import * as S from './shapes.js';

export interface DataKeyInput {
  KeyId: string;
  EncryptionContext?: EncryptionContextMap;
  NumberOfBytes?: number;
  KeySpec?: 'AES_256' | 'AES_128';
  GrantTokens?: string[];
  DryRun?: boolean;
}

export const dataKeyInputMembers: StructureShape['members'] = {
  KeyId: S.KeyId,
  EncryptionContext: S.EncryptionContext,
  NumberOfBytes: S.NumberOfBytes,
  KeySpec: S.DataKeySpec,
  GrantTokens: S.GrantTokens,
  DryRun: S.DryRun,
};

/** The size of the data key (exactly one of NumberOfBytes and KeySpec), its authorized, usable key, and its context. */
export async function prepareDataKey(
  input: DataKeyInput,
  ctx: RequestContext,
  deps: KmsDeps,
  action: string,
): Promise<{ key: KmsKeyRecord; bytes: number; context: EncryptionContextMap }> {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) throw E.dataKeySizeUnclear();
  const bytes = input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
  const context = input.EncryptionContext ?? {};
  const key = await authorizedKey(ctx, deps, input.KeyId, action, { encryptionContext: context });
  deps.kms.crypto.assertUsable(key);
  endDryRun(input.DryRun);
  return { key, bytes, context };
}
