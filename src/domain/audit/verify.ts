/**
 * Checks an audit trail: every event's hash, every link of each region's chain, and every digest's signature and
 * coverage. Names the first event that was altered, deleted, inserted or reordered, and a truncated tail.
 */
import type { AuditDigestRecord, AuditEventRecord, AuditReader } from '../../storage/store.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { digestText } from './digests.js';
import { verifySignature } from './signer.js';

export type ProblemKind = 'altered' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad-signature';

export interface Problem {
  kind: ProblemKind;
  region: string;
  seq?: number;
  eventId?: string;
  message: string;
}

export interface VerifyReport {
  regions: { region: string; events: number; digests: number }[];
  problems: Problem[];
}

export type ChainEvent = Pick<AuditEventRecord, 'seq' | 'eventId' | 'json' | 'prevHash' | 'hash'>;

const PAGE = 5_000;

export async function verifyStore(
  reader: Pick<AuditReader, 'auditRegions' | 'auditEventsAfter' | 'listAuditDigests'>,
  publicKeyPem: string | undefined,
): Promise<VerifyReport> {
  const report: VerifyReport = { regions: [], problems: [] };
  for (const region of await reader.auditRegions()) {
    const events: ChainEvent[] = [];
    for (let after = 0; ; ) {
      const page = await reader.auditEventsAfter(region, after, PAGE);
      if (page.length === 0) break;
      events.push(...page);
      after = page[page.length - 1]!.seq!;
    }
    const digests = await reader.listAuditDigests(region);
    report.regions.push({ region, events: events.length, digests: digests.length });
    report.problems.push(...checkDigests(region, digests, events, publicKeyPem));
    const pruned = digests.filter((d) => d.kind === 'pruned');
    const start = pruned.length > 0 ? pruned[pruned.length - 1]!.lastHash : GENESIS_HASH;
    report.problems.push(...verifyChain(region, events, start));
  }
  return report;
}

/** Walks one region's events in order from the hash the chain starts at. */
export function verifyChain(region: string, events: readonly ChainEvent[], startHash: string): Problem[] {
  const problems: Problem[] = [];
  const indexOfHash = new Map(events.map((e, i) => [e.hash, i]));
  const at = (e: ChainEvent) => `event ${e.eventId} (seq ${e.seq})`;
  let expected = startHash;
  events.forEach((e, i) => {
    if (chainHash(e.prevHash, e.json) !== e.hash) {
      problems.push({ kind: 'altered', region, seq: e.seq, eventId: e.eventId, message: `${at(e)} was altered: its content does not match its hash` });
    }
    if (e.prevHash !== expected) {
      const previous = events[i - 1];
      const linkedTo = indexOfHash.get(e.prevHash);
      if (previous && previous.prevHash === e.prevHash) {
        problems.push({ kind: 'inserted', region, seq: previous.seq, eventId: previous.eventId, message: `${at(previous)} was inserted: the chain continues past it` });
      } else if (linkedTo !== undefined && linkedTo !== i - 1) {
        problems.push({ kind: 'reordered', region, seq: e.seq, eventId: e.eventId, message: `${at(e)} is out of order: it follows ${at(events[linkedTo]!)}` });
      } else {
        const after = previous ? ` after ${at(previous)}` : ' at the start of the chain';
        problems.push({ kind: 'deleted', region, seq: e.seq, eventId: e.eventId, message: `events were deleted${after}, before ${at(e)}` });
      }
    }
    expected = e.hash;
  });
  return problems;
}

function checkDigests(region: string, digests: readonly AuditDigestRecord[], events: readonly ChainEvent[], publicKeyPem: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const bySeq = new Map(events.map((e) => [e.seq!, e]));
  const lastSeq = events.length > 0 ? events[events.length - 1]!.seq! : 0;
  const prunedThrough = digests.filter((d) => d.kind === 'pruned').reduce((max, d) => Math.max(max, d.toSeq), 0);
  for (const d of digests) {
    if (publicKeyPem !== undefined && !verifySignature(publicKeyPem, digestText(d), d.signature)) {
      problems.push({ kind: 'bad-signature', region, seq: d.toSeq, message: `the digest covering seq ${d.fromSeq}–${d.toSeq} has an invalid signature` });
      continue;
    }
    if (d.kind === 'pruned' || d.toSeq <= prunedThrough) continue;
    if (d.toSeq > lastSeq) {
      problems.push({
        kind: 'truncated',
        region,
        seq: lastSeq,
        ...(events.length > 0 ? { eventId: events[events.length - 1]!.eventId } : {}),
        message: `the trail was truncated: a signed digest covers events through seq ${d.toSeq}, but the last event is seq ${lastSeq}`,
      });
      continue;
    }
    const end = bySeq.get(d.toSeq);
    const counted = countInRange(events, d.fromSeq, d.toSeq);
    // Retention may cut inside a digest's range: then only the events past the cut are left to count.
    const straddlesPrune = d.fromSeq <= prunedThrough;
    const countMismatch = straddlesPrune ? counted > d.eventCount : counted !== d.eventCount;
    if (!end || end.hash !== d.lastHash || countMismatch) {
      problems.push({
        kind: !countMismatch ? 'altered' : counted < d.eventCount ? 'deleted' : 'inserted',
        region,
        seq: d.toSeq,
        message: `the events of seq ${d.fromSeq}–${d.toSeq} no longer match their signed digest (${counted} events, digest says ${d.eventCount})`,
      });
    }
  }
  return problems;
}

/** Events with from ≤ seq ≤ to, by binary search (events are in seq order; a trail can hold many digests). */
function countInRange(events: readonly ChainEvent[], from: number, to: number): number {
  const firstAtLeast = (seq: number) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid]!.seq! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return firstAtLeast(to + 1) - firstAtLeast(from);
}
