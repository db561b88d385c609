/** Shaping KMS records into output members, with KMS's presence rules. */
import type { KmsKeyRecord, Tag } from '../../storage/store.js';
import type { WireTag } from './shapes.js';

/** AWS timestamps on the wire: epoch seconds, millisecond fraction. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** DescribeKey's KeyMetadata of a symmetric encryption key (the only kind Coffer makes). */
export function keyMetadata(key: KmsKeyRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: epochSeconds(key.createdAt),
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.keyState,
  };
  if (key.deletionDate !== undefined) out.DeletionDate = epochSeconds(key.deletionDate);
  out.Origin = 'AWS_KMS';
  out.KeyManager = key.keyManager;
  out.CustomerMasterKeySpec = 'SYMMETRIC_DEFAULT';
  out.KeySpec = 'SYMMETRIC_DEFAULT';
  out.EncryptionAlgorithms = ['SYMMETRIC_DEFAULT'];
  out.MultiRegion = false;
  return out;
}

export function toWireTags(tags: readonly Tag[]): WireTag[] {
  return tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value }));
}

export function fromWireTags(tags: readonly WireTag[]): Tag[] {
  return tags.map((t) => ({ Key: t.TagKey, Value: t.TagValue }));
}

export function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}
