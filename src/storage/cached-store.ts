/**
 * A read-through cache in front of any Store for the lookups every request makes (secret by name or ARN, a secret's
 * versions). It holds exactly what the store holds — records with sealed values, never plaintext — and drops
 * everything as soon as the store's change marker moves, so a commit by this process or by another process sharing
 * the database is never hidden. Cached records are shared: callers treat them as immutable (the engine copies
 * before it changes anything).
 */
import type { ScanQuery, Scope, SecretRecord, Store, StoreWriter, VersionRecord } from './store.js';

export const DEFAULT_CACHE_ENTRIES = 10_000;

export class CachedStore implements Store {
  private marker: number;
  private readonly byName = new BoundedMap<string, SecretRecord | null>();
  private readonly byArn = new BoundedMap<string, SecretRecord | null>();
  private readonly versions = new BoundedMap<string, VersionRecord[] | null>();

  constructor(
    private readonly inner: Store,
    maxEntries = DEFAULT_CACHE_ENTRIES,
  ) {
    this.marker = inner.changeMarker();
    for (const map of [this.byName, this.byArn, this.versions]) map.max = maxEntries;
  }

  getSecretByName(scope: Scope, name: string): Promise<SecretRecord | undefined> {
    return this.through(this.byName, `${scope.accountId}\0${scope.region}\0${name}`, () => this.inner.getSecretByName(scope, name));
  }

  getSecretByArn(scope: Scope, arn: string): Promise<SecretRecord | undefined> {
    return this.through(this.byArn, `${scope.accountId}\0${scope.region}\0${arn}`, () => this.inner.getSecretByArn(scope, arn));
  }

  async getVersions(secretId: string): Promise<VersionRecord[]> {
    return (await this.through(this.versions, secretId, () => this.inner.getVersions(secretId)))!;
  }

  /**
   * Serves `key` from `map`, or reads it and caches what was read — but only if no commit happened between the
   * marker check and the read's end, so a read that raced a commit is never cached as current.
   */
  private async through<V>(map: BoundedMap<string, V | null>, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const marker = this.freshMarker();
    const hit = map.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const value = await read();
    if (this.inner.changeMarker() === marker && this.marker === marker) map.set(key, value ?? null);
    return value;
  }

  wasVersionRemoved(secretId: string, versionId: string): Promise<boolean> {
    return this.inner.wasVersionRemoved(secretId, versionId);
  }
  scanSecrets(scope: Scope, query: ScanQuery): Promise<SecretRecord[]> {
    return this.inner.scanSecrets(scope, query);
  }
  secretsDueForPurge(now: number, limit: number): Promise<SecretRecord[]> {
    return this.inner.secretsDueForPurge(now, limit);
  }
  getMeta(key: string): Promise<Buffer | undefined> {
    return this.inner.getMeta(key);
  }
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }
  changeMarker(): number {
    return this.inner.changeMarker();
  }
  recordAccess(secretId: string, versionId: string, day: number): Promise<void> {
    return this.inner.recordAccess(secretId, versionId, day);
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  /** The store's current change marker, after dropping everything cached under an older one. */
  private freshMarker(): number {
    const marker = this.inner.changeMarker();
    if (marker !== this.marker) {
      this.marker = marker;
      this.byName.clear();
      this.byArn.clear();
      this.versions.clear();
    }
    return marker;
  }
}

/** A Map that forgets its oldest entry past `max` entries. */
class BoundedMap<K, V> extends Map<K, V> {
  max = DEFAULT_CACHE_ENTRIES;

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
