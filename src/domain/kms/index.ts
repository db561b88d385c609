/** The KMS key service: keys, aliases and cryptography over one store and envelope. */
import type { Envelope } from '../crypto/envelope.js';
import type { Store } from '../../storage/store.js';
import { KeyMaterial } from './key-material.js';
import { KeyResolver } from './key-resolver.js';
import { KmsAliases } from './kms-aliases.js';
import { KmsCrypto } from './kms-crypto.js';
import { KmsKeys } from './kms-keys.js';

export { assertKeyAccess, type KeyAccessContext } from './key-access.js';
export { SECRETS_MANAGER_ALIAS, aliasArn, keyArn } from './key-resolver.js';
export type { EncryptionContextMap } from './ciphertext.js';

export class Kms {
  readonly material: KeyMaterial;
  readonly resolver: KeyResolver;
  readonly keys: KmsKeys;
  readonly aliases: KmsAliases;
  readonly crypto: KmsCrypto;

  constructor(store: Store, envelope: Envelope, now: () => number = Date.now) {
    this.material = new KeyMaterial(store, envelope);
    this.resolver = new KeyResolver(store, this.material, now);
    this.keys = new KmsKeys(store, this.resolver, this.material, now);
    this.aliases = new KmsAliases(store, now);
    this.crypto = new KmsCrypto(this.resolver, this.material);
  }
}
