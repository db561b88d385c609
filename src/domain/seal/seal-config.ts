/**
 * The seal configuration, stored in the clear in store meta 'seal' (it holds nothing that decrypts anything): how
 * the root key is split, digests that recognize the current shares, and the auto-unseal copy of the root key
 * (wrapped by a key kept outside the data dir).
 */
import { createHash } from 'node:crypto';

export const SEAL_META_KEY = 'seal';

export interface SealConfig {
  version: 1;
  shares: number;
  threshold: number;
  /**
   * SHA-256 digests of the current shares. Rekey keeps the root key, so shares it replaced would still combine to
   * it: the digests are what makes the server refuse them. (Only rotate-root makes old shares useless everywhere.)
   */
  shareDigests: string[];
  autoUnseal?: { provider: string; wrappedRootKey: string };
}

export function shareDigest(share: Buffer): string {
  return createHash('sha256').update('coffer/unseal-share/v1\n').update(share).digest('base64');
}

export function encodeSealConfig(config: SealConfig): Buffer {
  return Buffer.from(JSON.stringify(config));
}

export function decodeSealConfig(raw: Buffer): SealConfig {
  const parsed = JSON.parse(raw.toString('utf8')) as Partial<SealConfig>;
  if (parsed.version !== 1 || !Number.isInteger(parsed.shares) || !Number.isInteger(parsed.threshold) || !Array.isArray(parsed.shareDigests)) {
    throw new Error('the stored seal configuration is not one this version of Coffer understands');
  }
  return parsed as SealConfig;
}
