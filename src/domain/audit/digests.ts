/**
 * Digest records, as CloudTrail's digest files: at an interval and on shutdown, each region's events since its last
 * digest are summarised (range, count, the hash the chain ended in) and signed. Retention prunes old events and
 * leaves a signed `pruned` digest in their place, so the chain stays verifiable across the gap.
 */
import type { AuditDigestRecord, Store } from '../../storage/store.js';
import { GENESIS_HASH } from './chain.js';
import type { AuditSigner } from './signer.js';

export function digestText(d: AuditDigestRecord): string {
  return ['coffer-audit-digest/v1', d.kind, d.region, d.fromSeq, d.toSeq, d.previousHash, d.lastHash, d.eventCount, d.createdAt].join('\n');
}

export class DigestWriter {
  constructor(
    private readonly store: Store,
    private readonly signer: () => Promise<AuditSigner | undefined>,
    private readonly now: () => number,
  ) {}

  /** Signs a digest for every region with events not yet covered. Returns how many digests were written. */
  async writeDigests(): Promise<number> {
    const signer = await this.signer();
    if (!signer) return 0;
    let written = 0;
    for (const region of await this.store.auditRegions()) {
      const digests = await this.store.listAuditDigests(region);
      // The digest that reaches furthest: after a prune, the newest digest is the pruned range's, which ends earlier.
      const last = digests.reduce<AuditDigestRecord | undefined>((best, d) => (best === undefined || d.toSeq > best.toSeq ? d : best), undefined);
      const previousHash = last?.lastHash ?? GENESIS_HASH;
      const span = await this.store.auditEventSpan(region, last?.toSeq ?? 0);
      if (!span.first || !span.last) continue;
      const digest: AuditDigestRecord = {
        region,
        fromSeq: span.first.seq!,
        toSeq: span.last.seq!,
        previousHash,
        lastHash: span.last.hash,
        eventCount: span.count,
        createdAt: this.now(),
        signature: '',
        kind: 'interval',
      };
      digest.signature = signer.sign(digestText(digest));
      await this.store.insertAuditDigest(digest);
      written++;
    }
    return written;
  }

  /**
   * Removes events older than `before` (keeping each region's newest event, which the chain continues from), after
   * signing a `pruned` digest for exactly the removed range. Covered events must have been digested first.
   */
  async prune(before: number): Promise<number> {
    const signer = await this.signer();
    if (!signer) return 0;
    await this.writeDigests();
    let removed = 0;
    for (const region of await this.store.auditRegions()) {
      const digests = await this.store.listAuditDigests(region);
      const prunedThrough = digests.filter((d) => d.kind === 'pruned').reduce((max, d) => Math.max(max, d.toSeq), 0);
      // Only a prefix of the chain can go: up to the first event that is still young, never the newest.
      const range = await this.store.prunableAuditSpan(region, prunedThrough, before);
      if (!range.first || !range.last) continue;
      const lastPruned = digests.filter((d) => d.kind === 'pruned').at(-1);
      const digest: AuditDigestRecord = {
        region,
        fromSeq: range.first.seq!,
        toSeq: range.last.seq!,
        previousHash: lastPruned?.lastHash ?? range.first.prevHash,
        lastHash: range.last.hash,
        eventCount: range.count,
        createdAt: this.now(),
        signature: '',
        kind: 'pruned',
      };
      digest.signature = signer.sign(digestText(digest));
      removed += await this.store.pruneAuditEvents(region, digest.toSeq, digest);
    }
    return removed;
  }
}
