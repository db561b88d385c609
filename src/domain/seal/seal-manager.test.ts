import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { newKey } from '../crypto/aead.js';
import { Envelope, type EncryptionContext } from '../crypto/envelope.js';
import { Keyring, KEYRING_META_KEY } from '../crypto/keyring.js';
import { decodeSealConfig, SEAL_META_KEY } from './seal-config.js';
import { SealedError, SealOperationError, SEALED_MESSAGE, UNINITIALIZED_MESSAGE } from './seal-errors.js';
import { SealManager } from './seal-manager.js';
import { split } from './shamir.js';
import { envProvider, keyFileProvider } from './unseal-providers.js';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-seal-'));
  dirs.push(dir);
  return dir;
}

/** A store that, like a restart, can be closed and opened again on the same file. */
function openStore(dir: string): Store {
  const store = SqliteStore.open({ path: join(dir, 'coffer.db') });
  stores.push(store);
  return store;
}

async function restart(dir: string, store: Store): Promise<Store> {
  stores.splice(stores.indexOf(store), 1);
  await store.close();
  return openStore(dir);
}

const context: EncryptionContext = { accountId: '111111111111', region: 'us-east-1', secretArn: 'arn:x', versionId: 'v1' };

async function errorOf(promise: Promise<unknown>): Promise<SealOperationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SealOperationError) return error;
    throw error;
  }
  throw new Error('expected a SealOperationError');
}

describe('SealManager', () => {
  it('starts uninitialized; init makes shares, stores the sealed keyring and seal config in one go, and leaves it unsealed', async () => {
    const dir = tempDir();
    const store = openStore(dir);
    const seal = await SealManager.open(store);
    expect(seal.state).toBe('uninitialized');
    expect(seal.status()).toEqual({ mode: 'server', initialized: false, sealed: true, shares: 0, threshold: 0, progress: 0, autoUnseal: null });
    expect(() => seal.current()).toThrow(new SealedError(false));
    expect(() => seal.current()).toThrow(UNINITIALIZED_MESSAGE);
    expect((await errorOf(seal.submitShare('x'))).code).toBe('NotInitialized');

    expect(await errorOf(seal.init(5, 1))).toMatchObject({ code: 'InvalidRequest', message: 'key threshold must be at least 2 when there is more than one key share' });
    expect(await errorOf(seal.init(0, 0))).toMatchObject({ code: 'InvalidRequest', message: 'key shares must be a whole number from 1 to 255' });
    expect(seal.state).toBe('uninitialized');

    const { shares, autoUnseal } = await seal.init(5, 3, () => ({ extra: Buffer.from('written with the keyring') }));
    expect(shares).toHaveLength(5);
    expect(autoUnseal).toBeNull();
    expect(seal.state).toBe('unsealed');
    expect(seal.status()).toEqual({ mode: 'server', initialized: true, sealed: false, shares: 5, threshold: 3, progress: 0, autoUnseal: null });
    expect((await store.getMeta('extra'))!.toString()).toBe('written with the keyring');
    const config = decodeSealConfig((await store.getMeta(SEAL_META_KEY))!);
    expect(config).toMatchObject({ version: 1, shares: 5, threshold: 3 });
    expect(config.shareDigests).toHaveLength(5);
    // Neither the shares nor the root key are stored.
    const raw = Buffer.concat([(await store.getMeta(SEAL_META_KEY))!, (await store.getMeta(KEYRING_META_KEY))!]).toString('latin1');
    for (const share of shares) expect(raw.includes(share)).toBe(false);

    expect(await errorOf(seal.init(5, 3))).toMatchObject({ code: 'AlreadyInitialized', message: 'Coffer is already initialized.' });
  });

  it('after a restart: sealed; unseals with a threshold of shares; refuses wrong shares and resets progress; ignores duplicates', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const first = await SealManager.open(store);
    const { shares } = await first.init(5, 3);
    const sealedValue = new Envelope(first).encrypt(context, Buffer.from('before restart'));

    store = await restart(dir, store);
    const seal = await SealManager.open(store);
    expect(seal.state).toBe('sealed');
    expect(() => seal.current()).toThrow(SEALED_MESSAGE);
    expect(() => new Envelope(seal).decrypt(context, sealedValue)).toThrow(SealedError);

    expect((await seal.submitShare(shares[0]!)).progress).toBe(1);
    expect((await seal.submitShare(shares[0]!)).progress).toBe(1);
    expect((await seal.submitShare(`  ${shares[3]!}\n`)).progress).toBe(2);
    expect(seal.state).toBe('sealed');

    // Malformed input changes nothing; a well-formed share that is not a current one resets the progress.
    expect(await errorOf(seal.submitShare('AAAA'))).toMatchObject({ code: 'InvalidRequest', message: 'an unseal share is the base64 text of 33 bytes' });
    expect(seal.status().progress).toBe(2);
    const [foreign] = await split(newKey(), 2, 2);
    const wrong = await errorOf(seal.submitShare(foreign!));
    expect(wrong.code).toBe('WrongShares');
    expect(wrong.message).toContain('Unseal progress was reset');
    expect(seal.status().progress).toBe(0);
    expect(seal.state).toBe('sealed');

    await seal.submitShare(shares[4]!);
    await seal.submitShare(shares[1]!);
    const status = await seal.submitShare(shares[2]!);
    expect(status).toMatchObject({ sealed: false, progress: 0 });
    expect(new Envelope(seal).decrypt(context, sealedValue).toString()).toBe('before restart');
    // Unsealed: one more share is a no-op.
    expect((await seal.submitShare(shares[0]!)).sealed).toBe(false);
  });

  it('refuses shares that do not open the stored keyring (the GCM check), and resets progress', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const { shares } = await (await SealManager.open(store)).init(3, 2);
    // The keyring replaced by one sealed under another root key: the right shares no longer open it.
    await store.transaction((tx) => tx.setMeta(KEYRING_META_KEY, Keyring.create().seal(newKey())));
    store = await restart(dir, store);
    const seal = await SealManager.open(store);
    await seal.submitShare(shares[0]!);
    expect(await errorOf(seal.submitShare(shares[1]!))).toMatchObject({
      code: 'WrongShares',
      message: 'The unseal shares do not reconstruct the root key. Unseal progress was reset: submit the shares again.',
    });
    expect(seal.status()).toMatchObject({ sealed: true, progress: 0 });
  });

  it('seal drops the keyring, tells every listener, and refuses use until unsealed', async () => {
    const store = openStore(tempDir());
    const seal = await SealManager.open(store);
    const events: string[] = [];
    seal.onSealed(() => events.push('a'));
    seal.onSealed(() => events.push('b'));
    const { shares } = await seal.init(3, 2);
    const keyring = seal.current();
    const kek = Buffer.from(keyring.active().key);
    const value = new Envelope(seal).encrypt(context, Buffer.from('v'));
    await seal.seal();
    expect(events).toEqual(['a', 'b']);
    expect(seal.state).toBe('sealed');
    expect(() => seal.current()).toThrow(SealedError);
    expect(keyring.key(keyring.activeKeyId)).toBeUndefined(); // destroyed in memory
    await seal.seal(); // sealing a sealed server is a no-op
    expect(events).toEqual(['a', 'b']);
    await seal.submitShare(shares[2]!);
    await seal.submitShare(shares[0]!);
    expect(seal.current().active().key.equals(kek)).toBe(true);
    expect(new Envelope(seal).decrypt(context, value).toString()).toBe('v');
  });

  it('runs unsealing hooks before counting as unsealed; a failing hook leaves it sealed', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const { shares } = await (await SealManager.open(store)).init(2, 2);
    store = await restart(dir, store);
    const seal = await SealManager.open(store);
    let fail = true;
    const seen: string[] = [];
    seal.onUnsealing(async (keyring) => {
      seen.push(`${seal.state}:${seal.current() === keyring}`);
      if (fail) throw new Error('cannot load root credentials');
    });
    await seal.submitShare(shares[0]!);
    await expect(seal.submitShare(shares[1]!)).rejects.toThrow('cannot load root credentials');
    expect(seal.state).toBe('sealed');
    expect(() => seal.current()).toThrow(SealedError);
    fail = false;
    await seal.submitShare(shares[0]!);
    await seal.submitShare(shares[1]!);
    expect(seal.state).toBe('unsealed');
    expect(seen).toEqual(['sealed:true', 'sealed:true']);
  });

  it('rekey: needs a threshold of current shares; gives new shares for the same root key; old shares are refused', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const seal = await SealManager.open(store);
    const { shares } = await seal.init(5, 3);
    const keyringBlob = await store.getMeta(KEYRING_META_KEY);

    expect(await errorOf(seal.rekey(shares.slice(0, 2), 3, 2))).toMatchObject({ code: 'InvalidRequest', message: '3 different current unseal shares are needed; got 2.' });
    expect(await errorOf(seal.rekey([shares[0]!, shares[0]!, shares[1]!], 3, 2))).toMatchObject({ code: 'InvalidRequest' });
    const [foreign] = await split(newKey(), 2, 2);
    expect((await errorOf(seal.rekey([shares[0]!, shares[1]!, foreign!], 3, 2))).code).toBe('WrongShares');
    expect((await errorOf(seal.rekey(shares.slice(0, 3), 3, 4))).code).toBe('InvalidRequest');

    const rekeyed = await seal.rekey([shares[4]!, shares[2]!, shares[0]!], 3, 2);
    expect(rekeyed.shares).toHaveLength(3);
    expect(seal.state).toBe('unsealed');
    expect(seal.status()).toMatchObject({ shares: 3, threshold: 2 });
    expect((await store.getMeta(KEYRING_META_KEY))!.equals(keyringBlob!)).toBe(true);

    store = await restart(dir, store);
    const again = await SealManager.open(store);
    expect((await errorOf(again.submitShare(shares[0]!))).code).toBe('WrongShares');
    await again.submitShare(rekeyed.shares[1]!);
    expect((await again.submitShare(rekeyed.shares[2]!)).sealed).toBe(false);
    // Old shares cannot authorize a rekey either.
    expect((await errorOf(again.rekey(shares.slice(0, 3), 3, 2))).code).toBe('WrongShares');
  });

  it('rotate-root: a new root key re-seals the same keyring; old shares stop working; values still decrypt', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const seal = await SealManager.open(store);
    const { shares } = await seal.init(3, 2);
    const value = new Envelope(seal).encrypt(context, Buffer.from('kept'));
    const before = (await store.getMeta(KEYRING_META_KEY))!;
    const rotated = await seal.rotateRoot([shares[1]!, shares[2]!]);
    expect(rotated.shares).toHaveLength(3);
    expect(seal.state).toBe('unsealed');
    const after = (await store.getMeta(KEYRING_META_KEY))!;
    expect(after.equals(before)).toBe(false);
    expect(new Envelope(seal).decrypt(context, value).toString()).toBe('kept');
    expect((await errorOf(seal.rotateRoot([shares[0]!, shares[1]!]))).code).toBe('WrongShares');

    store = await restart(dir, store);
    const again = await SealManager.open(store);
    expect((await errorOf(again.submitShare(shares[0]!))).code).toBe('WrongShares');
    await again.submitShare(rotated.shares[0]!);
    await again.submitShare(rotated.shares[2]!);
    expect(again.state).toBe('unsealed');
    expect(new Envelope(again).decrypt(context, value).toString()).toBe('kept');
  });

  it('rekey and rotate-root need an unsealed server', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const { shares } = await (await SealManager.open(store)).init(2, 2);
    store = await restart(dir, store);
    const seal = await SealManager.open(store);
    expect(await errorOf(seal.rekey(shares, 2, 2))).toMatchObject({ code: 'Sealed', message: 'Coffer is sealed: unseal it first.' });
    expect((await errorOf(seal.rotateRoot(shares))).code).toBe('Sealed');
  });

  it('a single share (1 of 1) works', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const { shares } = await (await SealManager.open(store)).init(1, 1);
    store = await restart(dir, store);
    const seal = await SealManager.open(store);
    expect((await seal.submitShare(shares[0]!)).sealed).toBe(false);
  });

  it('auto-unseal with a key file: made at init, used at start, replaced by rotate-root; another key is refused and fixed by a manual unseal', async () => {
    const dir = tempDir();
    const keyFile = join(dir, 'unseal.key');
    let store = openStore(dir);
    const provider = keyFileProvider(keyFile);
    const seal = await SealManager.open(store, provider);
    const { shares, autoUnseal } = await seal.init(3, 2);
    expect(autoUnseal).toBe('key-file');
    expect(seal.status().autoUnseal).toBe('key-file');

    store = await restart(dir, store);
    const restarted = await SealManager.open(store, keyFileProvider(keyFile));
    expect(await restarted.autoUnseal()).toEqual({ unsealed: true });
    expect(restarted.state).toBe('unsealed');
    const rotated = await restarted.rotateRoot(shares.slice(0, 2));
    expect(rotated.autoUnseal).toBe('key-file');

    store = await restart(dir, store);
    expect(await (await SealManager.open(store, keyFileProvider(keyFile))).autoUnseal()).toEqual({ unsealed: true });

    // Without a provider, or with another key: stays sealed, with the reason.
    store = await restart(dir, store);
    expect(await (await SealManager.open(store)).autoUnseal()).toEqual({ unsealed: false, reason: 'no auto-unseal provider is configured' });
    const otherFile = join(dir, 'other.key');
    const other = await SealManager.open(store, keyFileProvider(otherFile));
    expect(await other.autoUnseal()).toEqual({ unsealed: false, reason: `the auto-unseal copy of the root key does not open with the key file ${otherFile}` });
    // A manual unseal re-wraps the root key for the configured provider.
    await other.submitShare(rotated.shares[0]!);
    await other.submitShare(rotated.shares[1]!);
    store = await restart(dir, store);
    expect(await (await SealManager.open(store, keyFileProvider(otherFile))).autoUnseal()).toEqual({ unsealed: true });
  });

  it('auto-unseal from COFFER_UNSEAL_KEY; a root key copy for another provider is not tried', async () => {
    const dir = tempDir();
    let store = openStore(dir);
    const env = { COFFER_UNSEAL_KEY: newKey().toString('base64') };
    const { autoUnseal } = await (await SealManager.open(store, envProvider(env))).init(2, 2);
    expect(autoUnseal).toBe('env');
    store = await restart(dir, store);
    expect(await (await SealManager.open(store, envProvider(env))).autoUnseal()).toEqual({ unsealed: true });
    store = await restart(dir, store);
    const withFile = await SealManager.open(store, keyFileProvider(join(dir, 'k')));
    expect(await withFile.autoUnseal()).toEqual({ unsealed: false, reason: 'no root key copy for the key-file provider yet (the next unseal with shares makes one)' });
  });

  it('unseal providers check their key', () => {
    expect(envProvider({})).toBeUndefined();
    expect(() => envProvider({ COFFER_UNSEAL_KEY: 'c2hvcnQ=' })).toThrow('COFFER_UNSEAL_KEY must hold 32 bytes in base64');
    const dir = tempDir();
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, `${newKey().toString('base64')}\n`);
    chmodSync(loose, 0o644);
    expect(() => keyFileProvider(loose)).toThrow(`auto-unseal key file ${loose} is readable by other users (mode 644): run chmod 600 on it`);
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    expect(() => keyFileProvider(bad)).toThrow(`auto-unseal key file ${bad} must hold 32 bytes in base64`);
  });

  it('dev mode: unsealed from the start, cannot be initialized, sealed, rekeyed or rotated; a dev data dir is refused in server mode', async () => {
    const store = openStore(tempDir());
    const keyring = Keyring.create();
    await store.transaction((tx) => tx.setMeta(KEYRING_META_KEY, keyring.seal(newKey())));
    const dev = SealManager.unsealedWith(store, keyring);
    expect(dev.state).toBe('unsealed');
    expect(dev.current()).toBe(keyring);
    expect(dev.status()).toEqual({ mode: 'dev', initialized: true, sealed: false, shares: 0, threshold: 0, progress: 0, autoUnseal: null });
    for (const attempt of [dev.init(3, 2), dev.seal(), dev.submitShare('x'), dev.rekey(['x'], 3, 2), dev.rotateRoot(['x'])]) {
      expect((await errorOf(attempt)).code).toBe('DevMode');
    }
    expect((await errorOf(SealManager.open(store))).code).toBe('NotDataDirOfServer');
  });
});
