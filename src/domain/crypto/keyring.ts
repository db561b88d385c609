/**
 * The keyring: key-encryption keys (KEKs) that wrap every data key. It is persisted only sealed under the root key,
 * so the store holds nothing that decrypts a secret without the root key.
 */
import { randomUUID } from 'node:crypto';
import { newKey, open, seal } from './aead.js';

const KEYRING_AAD = Buffer.from('coffer/keyring/v1');

/** The store meta key under which the keyring is kept, sealed under the root key. */
export const KEYRING_META_KEY = 'keyring';

export interface KeyringData {
  activeKeyId: string;
  keys: Map<string, Buffer>;
}

/**
 * Where the envelope gets the keyring from for each operation: a fixed keyring (dev mode, tests), or the seal
 * manager, which throws while the server is sealed.
 */
export interface KeyringSource {
  current(): Keyring;
}

export class Keyring implements KeyringSource {
  private constructor(private readonly data: KeyringData) {}

  static create(): Keyring {
    const id = randomUUID();
    return new Keyring({ activeKeyId: id, keys: new Map([[id, newKey()]]) });
  }

  static unseal(rootKey: Buffer, sealed: Buffer): Keyring {
    const json = JSON.parse(open(rootKey, sealed, KEYRING_AAD).toString('utf8')) as { active: string; keys: Record<string, string> };
    const keys = new Map(Object.entries(json.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')] as const));
    return new Keyring({ activeKeyId: json.active, keys });
  }

  seal(rootKey: Buffer): Buffer {
    const keys: Record<string, string> = {};
    for (const [id, key] of this.data.keys) keys[id] = key.toString('base64');
    return seal(rootKey, Buffer.from(JSON.stringify({ active: this.data.activeKeyId, keys })), KEYRING_AAD);
  }

  get activeKeyId(): string {
    return this.data.activeKeyId;
  }

  active(): { id: string; key: Buffer } {
    return { id: this.data.activeKeyId, key: this.data.keys.get(this.data.activeKeyId)! };
  }

  key(id: string): Buffer | undefined {
    return this.data.keys.get(id);
  }

  /** A keyring is its own source: always available. */
  current(): Keyring {
    return this;
  }

  /** Overwrites the key material in memory (on seal); the keyring is unusable afterwards. */
  destroy(): void {
    for (const key of this.data.keys.values()) key.fill(0);
    this.data.keys.clear();
  }
}
