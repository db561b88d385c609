import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combine, decodeShare, invalidSplit, ShareError, split } from './shamir.js';

const decode = (shares: string[]) => shares.map((s) => decodeShare(s, 32));

/** Every subset of `items`, as index lists. */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) all.push(items.filter((_, i) => mask & (1 << i)));
  return all;
}

describe('Shamir split/combine of a 32-byte root key', () => {
  it('5 shares, threshold 3: every subset of 3, 4 or 5 reconstructs; no subset of 1 or 2 does', async () => {
    const key = randomBytes(32);
    const shares = decode(await split(key, 5, 3));
    expect(shares).toHaveLength(5);
    expect(new Set(shares.map((s) => s.toString('hex'))).size).toBe(5);
    let reconstructing = 0;
    let failing = 0;
    for (const subset of subsets(shares)) {
      const combined = await combine(subset);
      if (subset.length >= 3) {
        expect(combined.equals(key)).toBe(true);
        reconstructing++;
      } else {
        expect(combined.equals(key)).toBe(false);
        failing++;
      }
    }
    expect([reconstructing, failing]).toEqual([16, 15]);
  });

  it('a corrupted share (any byte of y) gives a different key, not an error', async () => {
    const key = randomBytes(32);
    const shares = decode(await split(key, 5, 3));
    for (const index of [0, 13, 31]) {
      const corrupted = Buffer.from(shares[1]!);
      corrupted[index] = corrupted[index]! ^ 0x01;
      const combined = await combine([shares[0]!, corrupted, shares[2]!]);
      expect(combined.length).toBe(32);
      expect(combined.equals(key)).toBe(false);
      // Only the corrupted byte position differs: Shamir works byte by byte.
      for (let i = 0; i < 32; i++) expect(combined[i] === key[i], `byte ${i}`).toBe(i !== index);
    }
  });

  it('exhaustively, for every (shares, threshold) with shares ≤ 6: exactly the subsets of at least threshold reconstruct', async () => {
    let cases = 0;
    for (let n = 1; n <= 6; n++) {
      for (let k = n === 1 ? 1 : 2; k <= n; k++) {
        const key = randomBytes(32);
        const shares = decode(await split(key, n, k));
        expect(shares, `${n}/${k}`).toHaveLength(n);
        for (const subset of subsets(shares)) {
          expect((await combine(subset)).equals(key), `${n}/${k} with ${subset.length}`).toBe(subset.length >= k);
        }
        cases++;
      }
    }
    expect(cases).toBe(1 + 1 + 2 + 3 + 4 + 5);
  });

  it('splits the same key differently every time', async () => {
    const key = randomBytes(32);
    const a = await split(key, 3, 2);
    const b = await split(key, 3, 2);
    expect(a.some((share) => b.includes(share))).toBe(false);
    expect((await combine(decode([a[0]!, a[2]!]))).equals(key)).toBe(true);
    // Shares of two different splits do not combine to the key.
    const mixed = decode([a[0]!, b[1]!]);
    if (mixed[0]![32] !== mixed[1]![32]) expect((await combine(mixed)).equals(key)).toBe(false);
  });

  it('a single share (1 of 1) carries the key; shares hold no plaintext copy of the key otherwise', async () => {
    const key = randomBytes(32);
    const [only] = await split(key, 1, 1);
    expect((await combine(decode([only!]))).equals(key)).toBe(true);
    for (const share of decode(await split(key, 5, 2))) expect(share.includes(key.subarray(0, 8))).toBe(false);
  });

  it('allows up to 255 shares', async () => {
    const key = randomBytes(32);
    const shares = decode(await split(key, 255, 255));
    expect(shares).toHaveLength(255);
    expect(new Set(shares.map((s) => s[32])).size).toBe(255);
    expect((await combine(shares)).equals(key)).toBe(true);
    expect((await combine(shares.slice(1))).equals(key)).toBe(false);
  });

  it('refuses splits outside Vault\'s limits', async () => {
    expect(invalidSplit(5, 3)).toBeUndefined();
    expect(invalidSplit(1, 1)).toBeUndefined();
    expect(invalidSplit(255, 2)).toBeUndefined();
    expect(invalidSplit(0, 0)).toBe('key shares must be a whole number from 1 to 255');
    expect(invalidSplit(256, 3)).toBe('key shares must be a whole number from 1 to 255');
    expect(invalidSplit(2.5, 2)).toBe('key shares must be a whole number from 1 to 255');
    expect(invalidSplit(3, 4)).toBe('key threshold must be a whole number from 1 to the number of key shares');
    expect(invalidSplit(3, 0)).toBe('key threshold must be a whole number from 1 to the number of key shares');
    expect(invalidSplit(5, 1)).toBe('key threshold must be at least 2 when there is more than one key share');
    await expect(split(randomBytes(32), 5, 1)).rejects.toThrow(ShareError);
    await expect(split(randomBytes(32), 2, 3)).rejects.toThrow('key threshold must be a whole number from 1 to the number of key shares');
  });

  it('decodes only well-formed shares and refuses duplicates', async () => {
    const shares = await split(randomBytes(32), 3, 2);
    expect(decodeShare(` ${shares[0]}\n`, 32).toString('base64')).toBe(shares[0]);
    for (const bad of ['', 'not base64!', shares[0]!.slice(0, -4), `${shares[0]}AAAA`, Buffer.alloc(32, 1).toString('base64')]) {
      expect(() => decodeShare(bad, 32), bad).toThrow(new ShareError('an unseal share is the base64 text of 33 bytes'));
    }
    expect(() => decodeShare(Buffer.alloc(33, 0).toString('base64'), 32)).toThrow('its x-coordinate is zero');
    const [a, b] = decode(shares);
    await expect(combine([a!, a!])).rejects.toThrow(new ShareError('the same share was given twice'));
    await expect(combine([a!, b!.subarray(0, 20)])).rejects.toThrow('shares must all have the same length');
    await expect(combine([])).rejects.toThrow('no shares to combine');
  });
});
