/** A secret value in the clear (only ever in memory) and its sealing into/out of a version record. */
import type { Envelope } from '../crypto/envelope.js';
import type { SecretRecord, VersionRecord } from '../../storage/store.js';
import { decryptionFailure } from './errors.js';

export type SecretValue = { type: 'string'; text: string } | { type: 'binary'; bytes: Buffer };

export function valueBytes(value: SecretValue): Buffer {
  return value.type === 'string' ? Buffer.from(value.text, 'utf8') : value.bytes;
}

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  return a.type === b.type && valueBytes(a).equals(valueBytes(b));
}

export function sealValue(envelope: Envelope, secret: SecretRecord, versionId: string, value: SecretValue): Pick<VersionRecord, 'valueType' | 'sealed'> {
  const context = { accountId: secret.accountId, region: secret.region, secretArn: secret.arn, versionId };
  return { valueType: value.type, sealed: envelope.encrypt(context, valueBytes(value)) };
}

export function openValue(envelope: Envelope, secret: SecretRecord, version: VersionRecord): SecretValue {
  const context = { accountId: secret.accountId, region: secret.region, secretArn: secret.arn, versionId: version.versionId };
  let bytes: Buffer;
  try {
    bytes = envelope.decrypt(context, version.sealed);
  } catch {
    throw decryptionFailure();
  }
  return version.valueType === 'string' ? { type: 'string', text: bytes.toString('utf8') } : { type: 'binary', bytes };
}
