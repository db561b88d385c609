/**
 * Shamir's secret sharing of the root key, over GF(256), by the independently audited `shamir-secret-sharing`
 * package. A share is that package's format (the secret's length in y-bytes, then its x-coordinate byte), in base64.
 *
 * Limits follow Vault: 1 to 255 shares; a threshold from 2 to the number of shares, or exactly 1 for a single share
 * (a degree-0 polynomial: the one share carries the key itself).
 */
import { combine as combineShares, split as splitSecret } from 'shamir-secret-sharing';

export const MAX_SHARES = 255;

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** Why (shares, threshold) is not a valid split, or undefined when it is. */
export function invalidSplit(shares: number, threshold: number): string | undefined {
  if (!Number.isInteger(shares) || shares < 1 || shares > MAX_SHARES) return `key shares must be a whole number from 1 to ${MAX_SHARES}`;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > shares) return 'key threshold must be a whole number from 1 to the number of key shares';
  if (shares > 1 && threshold < 2) return 'key threshold must be at least 2 when there is more than one key share';
  return undefined;
}

export async function split(secret: Buffer, shares: number, threshold: number): Promise<string[]> {
  const invalid = invalidSplit(shares, threshold);
  if (invalid) throw new ShareError(invalid);
  if (secret.length === 0) throw new ShareError('cannot split an empty secret');
  if (shares === 1) return [Buffer.concat([secret, Buffer.of(1)]).toString('base64')];
  // The package checks `constructor === Uint8Array`, which a Buffer is not.
  const parts = await splitSecret(new Uint8Array(secret), shares, threshold);
  const encoded = parts.map((part) => Buffer.from(part).toString('base64'));
  for (const part of parts) part.fill(0);
  return encoded;
}

/** Decodes one share; throws ShareError when it is not a share of a `secretLength`-byte secret. */
export function decodeShare(share: string, secretLength: number): Buffer {
  const text = share.trim();
  const bytes = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || bytes.toString('base64') !== text || bytes.length !== secretLength + 1) {
    throw new ShareError(`an unseal share is the base64 text of ${secretLength + 1} bytes`);
  }
  if (bytes[secretLength] === 0) throw new ShareError('not a valid unseal share (its x-coordinate is zero)');
  return bytes;
}

/**
 * Reconstructs the secret from shares of equal length. Any shares combine to *some* value: only a check against
 * something the true secret authenticates (the sealed keyring) tells whether it is the right one.
 */
export async function combine(shares: readonly Buffer[]): Promise<Buffer> {
  if (shares.length === 0) throw new ShareError('no shares to combine');
  const length = shares[0]!.length;
  if (length < 2 || shares.some((s) => s.length !== length)) throw new ShareError('shares must all have the same length');
  const xs = new Set(shares.map((s) => s[length - 1]!));
  if (xs.size !== shares.length) throw new ShareError('the same share was given twice');
  if (xs.has(0)) throw new ShareError('not a valid unseal share (its x-coordinate is zero)');
  if (shares.length === 1) return Buffer.from(shares[0]!.subarray(0, length - 1));
  const copies = shares.map((s) => new Uint8Array(s));
  const secret = await combineShares(copies);
  const result = Buffer.from(secret);
  secret.fill(0);
  for (const copy of copies) copy.fill(0);
  return result;
}
