/** A secret value in the clear (only ever in memory); secret-cipher.ts seals it into a version record and opens it. */
export type SecretValue = { type: 'string'; text: string } | { type: 'binary'; bytes: Buffer };

export function valueBytes(value: SecretValue): Buffer {
  return value.type === 'string' ? Buffer.from(value.text, 'utf8') : value.bytes;
}

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  return a.type === b.type && valueBytes(a).equals(valueBytes(b));
}
