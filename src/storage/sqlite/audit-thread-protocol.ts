/** Messages between the store and its audit writer thread (audit-thread.ts). */
import type { AuditDigestRecord, NewAuditEvent } from '../store.js';

export type AuditThreadRequest =
  | { id: number; kind: 'append'; events: readonly NewAuditEvent[] }
  | { id: number; kind: 'digest'; digest: AuditDigestRecord }
  | { id: number; kind: 'prune'; region: string; throughSeq: number; digest: AuditDigestRecord };

export type AuditThreadReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
