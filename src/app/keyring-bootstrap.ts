/** Loads the keyring sealed in the store, or creates and stores one on first start. */
import { Keyring } from '../domain/crypto/keyring.js';
import type { Store } from '../storage/store.js';

const KEYRING_META_KEY = 'keyring';

export async function openKeyring(store: Store, rootKey: Buffer): Promise<Keyring> {
  const sealed = await store.getMeta(KEYRING_META_KEY);
  if (sealed) return Keyring.unseal(rootKey, sealed);
  const keyring = Keyring.create();
  await store.transaction((tx) => tx.setMeta(KEYRING_META_KEY, keyring.seal(rootKey)));
  return keyring;
}
