/** Dev mode's keyring: sealed in the store under the root key from dev-root.key, created on first start. */
import { loadOrCreateDevRootKey } from '../domain/crypto/dev-root-key.js';
import { Keyring, KEYRING_META_KEY } from '../domain/crypto/keyring.js';
import { SEAL_META_KEY } from '../domain/seal/seal-config.js';
import { SealManager } from '../domain/seal/seal-manager.js';
import type { Store } from '../storage/store.js';

export async function openKeyring(store: Store, rootKey: Buffer): Promise<Keyring> {
  await refuseServerDataDir(store);
  const sealed = await store.getMeta(KEYRING_META_KEY);
  if (sealed) return Keyring.unseal(rootKey, sealed);
  const keyring = Keyring.create();
  await store.transaction((tx) => tx.setMeta(KEYRING_META_KEY, keyring.seal(rootKey)));
  return keyring;
}

/** Dev mode as a special case of the seal: unsealed from the start by the root key in dev-root.key. */
export async function openDevSeal(dataDir: string, store: Store): Promise<SealManager> {
  await refuseServerDataDir(store);
  const rootKey = loadOrCreateDevRootKey(dataDir);
  try {
    return SealManager.unsealedWith(store, await openKeyring(store, rootKey));
  } finally {
    rootKey.fill(0);
  }
}

async function refuseServerDataDir(store: Store): Promise<void> {
  if (await store.getMeta(SEAL_META_KEY)) {
    throw new Error('this data dir belongs to a production server (its root key is split into unseal shares): start it with `coffer server`, not `coffer dev`');
  }
}
