/** Messages between the store and its audit writer thread (audit-thread.ts). */
import type { AuditDigestRecord } from '../store.js';

export type AuditThreadRequest =
  /** `events`: the NewAuditEvent[] as one JSON text — one string to copy instead of a graph of objects. */
  | { id: number; kind: 'append'; events: string }
  | { id: number; kind: 'digest'; digest: AuditDigestRecord }
  | { id: number; kind: 'prune'; region: string; throughSeq: number; digest: AuditDigestRecord };

export type AuditThreadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
