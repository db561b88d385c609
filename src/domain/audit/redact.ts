/**
 * What of a request or response may enter an audit event: members the model marks sensitive and every member that
 * carries a secret (values, passwords, secret keys, tokens, key material, ciphertext blobs, unseal shares) are
 * dropped, at any depth; member names become camelCase, as CloudTrail records them (map keys stay as written).
 */
import type { Shape } from '../../protocol/shape.js';

/** Lower-cased member names that never enter an event, whatever the shape says. */
const NEVER_LOGGED = new Set([
  'secretstring',
  'secretbinary',
  'secretaccesskey',
  'sessiontoken',
  'plaintext',
  'ciphertextblob',
  'randompassword',
  'rotationtoken',
  'password',
  'share',
  'shares',
  'unsealshares',
  'rootsecretaccesskey',
]);

export function redact(value: unknown, shape?: Shape): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, shape?.type === 'list' ? shape.member : undefined));
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (value === null || typeof value !== 'object') return value;
  // A map's keys are data (an encryption context's `SecretARN`), not member names: kept as written.
  if (shape?.type === 'map') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const redacted = redact(item, shape.value);
      if (redacted !== undefined) out[key] = redacted;
    }
    return out;
  }
  const members = shape?.type === 'structure' ? shape.members : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
    if (NEVER_LOGGED.has(name.toLowerCase())) continue;
    const memberShape = members?.[name];
    if (memberShape && 'sensitive' in memberShape && memberShape.sensitive) continue;
    const redacted = redact(member, memberShape);
    if (redacted !== undefined) out[camelCase(name)] = redacted;
  }
  return out;
}

/**
 * AWS member names as CloudTrail writes them: `SecretId` → `secretId`, `ARN` → `arn`, `KMSKeyId` → `kmsKeyId`.
 */
export function camelCase(name: string): string {
  const leadingCaps = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (leadingCaps.length <= 1) return name.charAt(0).toLowerCase() + name.slice(1);
  if (leadingCaps.length === name.length) return name.toLowerCase();
  const keep = /[a-z]/.test(name.charAt(leadingCaps.length)) ? leadingCaps.length - 1 : leadingCaps.length;
  return name.slice(0, keep).toLowerCase() + name.slice(keep);
}
