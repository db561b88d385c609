/**
 * The Ed25519 key that signs audit digests. The private key lives only sealed through the envelope (under the
 * keyring, under the root key); the public key is kept in the clear for `coffer audit public-key` — verify against
 * an exported copy, since whoever can edit the database can also replace the copy stored in it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { EncryptionContext, Envelope } from '../crypto/envelope.js';
import type { Store } from '../../storage/store.js';

const PRIVATE_META = 'audit-signing-key';
export const PUBLIC_META = 'audit-public-key';
const CONTEXT: EncryptionContext = { accountId: 'coffer', region: 'audit', secretArn: 'coffer:audit:signing-key', versionId: 'ed25519/v1' };

export class AuditSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKeyPem: string,
  ) {}

  /** Loads the signing key, creating and storing it on first use. */
  static async open(store: Store, envelope: Envelope): Promise<AuditSigner> {
    const sealed = await store.getMeta(PRIVATE_META);
    if (sealed) {
      const parsed = JSON.parse(sealed.toString('utf8')) as { kekId: string; wrappedKey: string; ciphertext: string };
      const pem = envelope.decrypt(CONTEXT, { kekId: parsed.kekId, wrappedKey: Buffer.from(parsed.wrappedKey, 'base64'), ciphertext: Buffer.from(parsed.ciphertext, 'base64') });
      const privateKey = createPrivateKey(pem.toString('utf8'));
      pem.fill(0);
      return new AuditSigner(privateKey, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'utf8');
    const value = envelope.encrypt(CONTEXT, pem);
    pem.fill(0);
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const record = JSON.stringify({ kekId: value.kekId, wrappedKey: value.wrappedKey.toString('base64'), ciphertext: value.ciphertext.toString('base64') });
    await store.transaction(async (tx) => {
      await tx.setMeta(PRIVATE_META, Buffer.from(record, 'utf8'));
      await tx.setMeta(PUBLIC_META, Buffer.from(publicKeyPem, 'utf8'));
    });
    return new AuditSigner(privateKey, publicKeyPem);
  }

  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64');
  }
}

export function verifySignature(publicKeyPem: string, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
