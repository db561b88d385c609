/**
 * Coffer's KMS ciphertext blob: it names the key and the key-material version inside it, so Decrypt needs no KeyId
 * and a rotated key still opens everything encrypted before the rotation.
 *
 * Layout: format (1) | key id as 16 UUID bytes | material version (uint32 BE) | AES-256-GCM sealed body (aead.ts).
 * The header and the canonical encryption context are the body's additional authenticated data.
 */
import { open, seal } from '../crypto/aead.js';

const FORMAT = 0x4b; // 'K'
const HEADER_BYTES = 1 + 16 + 4;

export type EncryptionContextMap = Record<string, string>;

export interface CiphertextHeader {
  keyId: string;
  materialVersion: number;
}

export function encryptBlob(header: CiphertextHeader, material: Buffer, plaintext: Buffer, context: EncryptionContextMap): Buffer {
  const head = headerBytes(header);
  return Buffer.concat([head, seal(material, plaintext, aad(head, context))]);
}

/** The header of a blob, or undefined when it is not one of ours. */
export function readHeader(blob: Buffer): CiphertextHeader | undefined {
  if (blob.length <= HEADER_BYTES || blob[0] !== FORMAT) return undefined;
  const hex = blob.subarray(1, 17).toString('hex');
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { keyId, materialVersion: blob.readUInt32BE(17) };
}

/** Throws (IntegrityError) when the blob, its header or the context was changed. */
export function decryptBlob(blob: Buffer, material: Buffer, context: EncryptionContextMap): Buffer {
  const head = blob.subarray(0, HEADER_BYTES);
  return open(material, blob.subarray(HEADER_BYTES), aad(head, context));
}

function headerBytes(header: CiphertextHeader): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out[0] = FORMAT;
  Buffer.from(header.keyId.replace(/-/g, ''), 'hex').copy(out, 1);
  out.writeUInt32BE(header.materialVersion, 17);
  return out;
}

/** The context's pairs in code-point order of keys: the same context always authenticates the same way. */
function aad(head: Buffer, context: EncryptionContextMap): Buffer {
  const pairs = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return Buffer.concat([Buffer.from('coffer/kms/v1\n'), head, Buffer.from(JSON.stringify(pairs))]);
}
