/**
 * The seal: whether this server holds its keyring in memory. The root key is never stored in the clear: `init`
 * splits it into Shamir shares, and an unseal combines a threshold of them, opens the keyring sealed under it and
 * forgets the root key. Sealing forgets the keyring and tells every listener to drop what it cached.
 *
 * States: uninitialized (no seal configuration) → init → unsealed ⇄ sealed. Unseal progress is kept in memory only.
 * Dev mode is the special case that starts unsealed with a keyring opened from dev-root.key, and cannot seal.
 */
import { newKey } from '../crypto/aead.js';
import { Keyring, KEYRING_META_KEY, type KeyringSource } from '../crypto/keyring.js';
import type { Store } from '../../storage/store.js';
import { decodeSealConfig, encodeSealConfig, SEAL_META_KEY, shareDigest, type SealConfig } from './seal-config.js';
import { SealedError, SealOperationError, UNINITIALIZED_MESSAGE } from './seal-errors.js';
import { combine, decodeShare, invalidSplit, ShareError, split } from './shamir.js';
import type { UnsealProvider } from './unseal-providers.js';

export type SealState = 'uninitialized' | 'sealed' | 'unsealed';

export interface SealStatus {
  mode: 'server' | 'dev';
  initialized: boolean;
  sealed: boolean;
  shares: number;
  threshold: number;
  /** Shares submitted towards the next unseal. */
  progress: number;
  /** The provider that holds an auto-unseal copy of the root key, if any. */
  autoUnseal: string | null;
}

export interface NewShares {
  shares: string[];
  autoUnseal: string | null;
}

export interface AutoUnsealOutcome {
  unsealed: boolean;
  /** Why not, when it did not. */
  reason?: string;
}

const ROOT_KEY_BYTES = 32;

export class SealManager implements KeyringSource {
  private keyring: Keyring | undefined;
  private unsealed: boolean;
  private progress: Buffer[] = [];
  private readonly sealedListeners: Array<() => void> = [];
  private readonly unsealHooks: Array<(keyring: Keyring) => Promise<void>> = [];
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: Store,
    readonly mode: 'server' | 'dev',
    private config: SealConfig | undefined,
    private readonly provider: UnsealProvider | undefined,
    keyring?: Keyring,
  ) {
    this.keyring = keyring;
    this.unsealed = keyring !== undefined;
  }

  /** The production seal, as the store left it: uninitialized or sealed. */
  static async open(store: Store, provider?: UnsealProvider): Promise<SealManager> {
    const raw = await store.getMeta(SEAL_META_KEY);
    if (!raw && (await store.getMeta(KEYRING_META_KEY))) {
      throw new SealOperationError(
        'NotDataDirOfServer',
        'this data dir was made by `coffer dev` (its root key is in the clear in dev-root.key); a production server starts from a new, empty data dir',
      );
    }
    return new SealManager(store, 'server', raw ? decodeSealConfig(raw) : undefined, provider);
  }

  /** Dev mode: unsealed from the start with a keyring opened from dev-root.key; it cannot be sealed. */
  static unsealedWith(store: Store, keyring: Keyring): SealManager {
    return new SealManager(store, 'dev', undefined, undefined, keyring);
  }

  get state(): SealState {
    return this.unsealed ? 'unsealed' : this.config ? 'sealed' : 'uninitialized';
  }

  current(): Keyring {
    if (!this.keyring) throw new SealedError(this.config !== undefined);
    return this.keyring;
  }

  status(): SealStatus {
    return {
      mode: this.mode,
      initialized: this.mode === 'dev' || this.config !== undefined,
      sealed: !this.unsealed,
      shares: this.config?.shares ?? 0,
      threshold: this.config?.threshold ?? 0,
      progress: this.progress.length,
      autoUnseal: this.config?.autoUnseal?.provider ?? null,
    };
  }

  /** Called (synchronously, in order) when the keyring is dropped: drop every cached plaintext key or secret. */
  onSealed(listener: () => void): void {
    this.sealedListeners.push(listener);
  }

  /**
   * Runs after an unseal has the keyring and before the server counts as unsealed (e.g. to load the root
   * credentials sealed through it). If a hook fails, the server seals again and the unseal fails.
   */
  onUnsealing(hook: (keyring: Keyring) => Promise<void>): void {
    this.unsealHooks.push(hook);
  }

  /**
   * Creates the root key and the keyring, stores the keyring sealed under the root key (with `extraMeta`, e.g. the
   * sealed root credentials, in the same transaction), and returns the shares. The server is unsealed afterwards.
   */
  init(shares: number, threshold: number, extraMeta?: (keyring: Keyring) => Record<string, Buffer>): Promise<NewShares> {
    return this.exclusive(async () => {
      this.requireServer();
      if (this.config || (await this.store.getMeta(KEYRING_META_KEY))) throw new SealOperationError('AlreadyInitialized', 'Coffer is already initialized.');
      const invalid = invalidSplit(shares, threshold);
      if (invalid) throw new SealOperationError('InvalidRequest', invalid);
      const rootKey = newKey();
      const keyring = Keyring.create();
      try {
        const newShares = await split(rootKey, shares, threshold);
        const config: SealConfig = { version: 1, shares, threshold, shareDigests: digests(newShares), ...(await this.autoUnsealCopy(rootKey)) };
        const extra = extraMeta?.(keyring) ?? {};
        await this.store.transaction(async (tx) => {
          await tx.setMeta(KEYRING_META_KEY, keyring.seal(rootKey));
          for (const [key, value] of Object.entries(extra)) await tx.setMeta(key, value);
          await tx.setMeta(SEAL_META_KEY, encodeSealConfig(config));
        });
        this.config = config;
        await this.activate(keyring);
        return { shares: newShares, autoUnseal: config.autoUnseal?.provider ?? null };
      } finally {
        rootKey.fill(0);
      }
    });
  }

  /**
   * One share towards the threshold. Duplicates are ignored. A share that is not one of the current shares, or a
   * set that does not open the keyring, is refused and the progress is reset. Already unsealed: a no-op.
   */
  submitShare(share: string): Promise<SealStatus> {
    return this.exclusive(async () => {
      this.requireServer();
      const config = this.requireInitialized();
      if (this.unsealed) return this.status();
      const decoded = this.decode(share);
      if (!config.shareDigests.includes(shareDigest(decoded))) {
        this.resetProgress();
        throw new SealOperationError(
          'WrongShares',
          'That is not one of the current unseal shares (shares replaced by a rekey or rotate-root no longer work). Unseal progress was reset: submit the shares again.',
        );
      }
      if (this.progress.some((p) => p.equals(decoded))) return this.status();
      this.progress.push(decoded);
      if (this.progress.length < config.threshold) return this.status();
      const rootKey = await combine(this.progress);
      this.resetProgress();
      try {
        const keyring = await this.openStoredKeyring(rootKey);
        if (!keyring) throw new SealOperationError('WrongShares', 'The unseal shares do not reconstruct the root key. Unseal progress was reset: submit the shares again.');
        await this.refreshAutoUnseal(rootKey);
        await this.activate(keyring);
      } finally {
        rootKey.fill(0);
      }
      return this.status();
    });
  }

  /** At start: unseal with the configured provider's copy of the root key, when there is one that opens. */
  autoUnseal(): Promise<AutoUnsealOutcome> {
    return this.exclusive(async () => {
      if (this.unsealed) return { unsealed: true };
      const copy = this.config?.autoUnseal;
      if (!this.config) return { unsealed: false, reason: 'not initialized' };
      if (!this.provider) return { unsealed: false, reason: 'no auto-unseal provider is configured' };
      if (!copy || copy.provider !== this.provider.name) {
        return { unsealed: false, reason: `no root key copy for the ${this.provider.name} provider yet (the next unseal with shares makes one)` };
      }
      let rootKey: Buffer;
      try {
        rootKey = await this.provider.unwrap(Buffer.from(copy.wrappedRootKey, 'base64'));
      } catch {
        return { unsealed: false, reason: `the auto-unseal copy of the root key does not open with the ${this.provider.description}` };
      }
      try {
        const keyring = await this.openStoredKeyring(rootKey);
        if (!keyring) return { unsealed: false, reason: 'the auto-unseal copy of the root key does not open the keyring' };
        await this.activate(keyring);
        return { unsealed: true };
      } finally {
        rootKey.fill(0);
      }
    });
  }

  seal(): Promise<void> {
    return this.exclusive(async () => {
      this.requireServer();
      this.requireInitialized();
      if (this.unsealed) this.dropKeyring();
    });
  }

  /** New shares (and threshold) for the same root key; needs a threshold of the current shares. No downtime. */
  rekey(currentShares: readonly string[], shares: number, threshold: number): Promise<NewShares> {
    return this.exclusive(async () => {
      const config = this.requireUnsealed();
      const invalid = invalidSplit(shares, threshold);
      if (invalid) throw new SealOperationError('InvalidRequest', invalid);
      const { rootKey, keyring } = await this.verify(currentShares);
      keyring.destroy();
      try {
        const newShares = await split(rootKey, shares, threshold);
        const next: SealConfig = { ...config, shares, threshold, shareDigests: digests(newShares) };
        await this.store.transaction((tx) => tx.setMeta(SEAL_META_KEY, encodeSealConfig(next)));
        this.config = next;
        return { shares: newShares, autoUnseal: next.autoUnseal?.provider ?? null };
      } finally {
        rootKey.fill(0);
      }
    });
  }

  /**
   * A new root key: the keyring is sealed again under it (its keys, and so every secret's ciphertext, unchanged),
   * the auto-unseal copy is replaced, and new shares are returned. Needs a threshold of the current shares.
   */
  rotateRoot(currentShares: readonly string[]): Promise<NewShares> {
    return this.exclusive(async () => {
      const config = this.requireUnsealed();
      const { rootKey, keyring } = await this.verify(currentShares);
      rootKey.fill(0);
      const newRoot = newKey();
      try {
        const newShares = await split(newRoot, config.shares, config.threshold);
        const { autoUnseal: _old, ...rest } = config;
        const next: SealConfig = { ...rest, shareDigests: digests(newShares), ...(await this.autoUnsealCopy(newRoot)) };
        const sealed = keyring.seal(newRoot);
        await this.store.transaction(async (tx) => {
          await tx.setMeta(KEYRING_META_KEY, sealed);
          await tx.setMeta(SEAL_META_KEY, encodeSealConfig(next));
        });
        this.config = next;
        return { shares: newShares, autoUnseal: next.autoUnseal?.provider ?? null };
      } finally {
        newRoot.fill(0);
        keyring.destroy();
      }
    });
  }

  /** The root key the shares combine to, proven by opening the stored keyring with it. */
  private async verify(shares: readonly string[]): Promise<{ rootKey: Buffer; keyring: Keyring }> {
    const config = this.requireInitialized();
    const distinct: Buffer[] = [];
    for (const share of shares) {
      const decoded = this.decode(share);
      if (!config.shareDigests.includes(shareDigest(decoded))) {
        throw new SealOperationError('WrongShares', 'One of the shares is not a current unseal share (shares replaced by a rekey or rotate-root no longer work).');
      }
      if (!distinct.some((d) => d.equals(decoded))) distinct.push(decoded);
    }
    if (distinct.length < config.threshold) {
      throw new SealOperationError('InvalidRequest', `${config.threshold} different current unseal shares are needed; got ${distinct.length}.`);
    }
    const rootKey = await combine(distinct);
    for (const share of distinct) share.fill(0);
    const keyring = await this.openStoredKeyring(rootKey);
    if (!keyring) {
      rootKey.fill(0);
      throw new SealOperationError('WrongShares', 'The shares do not reconstruct the root key.');
    }
    return { rootKey, keyring };
  }

  /** The stored keyring opened with `rootKey`, or undefined when that is not the root key (GCM fails). */
  private async openStoredKeyring(rootKey: Buffer): Promise<Keyring | undefined> {
    const sealed = await this.store.getMeta(KEYRING_META_KEY);
    if (!sealed) throw new Error('the store has a seal configuration but no keyring');
    if (rootKey.length !== ROOT_KEY_BYTES) return undefined;
    try {
      return Keyring.unseal(rootKey, sealed);
    } catch {
      return undefined;
    }
  }

  /** After an unseal with shares: (re)make the auto-unseal copy when a provider is configured and its copy is missing or stale. */
  private async refreshAutoUnseal(rootKey: Buffer): Promise<void> {
    if (!this.provider || !this.config) return;
    const copy = this.config.autoUnseal;
    if (copy && copy.provider === this.provider.name) {
      const current = await this.provider.unwrap(Buffer.from(copy.wrappedRootKey, 'base64')).catch(() => undefined);
      const fresh = current?.equals(rootKey) === true;
      current?.fill(0);
      if (fresh) return;
    }
    const next: SealConfig = { ...this.config, ...(await this.autoUnsealCopy(rootKey)) };
    await this.store.transaction((tx) => tx.setMeta(SEAL_META_KEY, encodeSealConfig(next)));
    this.config = next;
  }

  private async autoUnsealCopy(rootKey: Buffer): Promise<Pick<SealConfig, 'autoUnseal'>> {
    if (!this.provider) return {};
    return { autoUnseal: { provider: this.provider.name, wrappedRootKey: (await this.provider.wrap(rootKey)).toString('base64') } };
  }

  private async activate(keyring: Keyring): Promise<void> {
    this.keyring = keyring;
    try {
      for (const hook of this.unsealHooks) await hook(keyring);
    } catch (error) {
      this.dropKeyring();
      throw error;
    }
    this.unsealed = true;
  }

  private dropKeyring(): void {
    this.unsealed = false;
    this.keyring?.destroy();
    this.keyring = undefined;
    this.resetProgress();
    for (const listener of this.sealedListeners) listener();
  }

  private resetProgress(): void {
    for (const share of this.progress) share.fill(0);
    this.progress = [];
  }

  private decode(share: unknown): Buffer {
    if (typeof share !== 'string') throw new SealOperationError('InvalidRequest', 'an unseal share is a string');
    try {
      return decodeShare(share, ROOT_KEY_BYTES);
    } catch (error) {
      if (error instanceof ShareError) throw new SealOperationError('InvalidRequest', error.message);
      throw error;
    }
  }

  private requireServer(): void {
    if (this.mode === 'dev') {
      throw new SealOperationError('DevMode', 'Dev mode keeps its root key in dev-root.key: it cannot be initialized, sealed, rekeyed or rotated. Use `coffer server` for that.');
    }
  }

  private requireInitialized(): SealConfig {
    if (!this.config) throw new SealOperationError('NotInitialized', UNINITIALIZED_MESSAGE);
    return this.config;
  }

  private requireUnsealed(): SealConfig {
    this.requireServer();
    const config = this.requireInitialized();
    if (!this.unsealed) throw new SealOperationError('Sealed', 'Coffer is sealed: unseal it first.');
    return config;
  }

  /** Operator operations run one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function digests(shares: string[]): string[] {
  return shares.map((share) => shareDigest(decodeShare(share, ROOT_KEY_BYTES)));
}
