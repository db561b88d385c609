/** Messages between the store and the audit lookup indexer thread (audit-indexer.ts). */

/** Index every event appended so far, then answer. */
export type AuditIndexerRequest = { id: number; kind: 'catch-up' };

export type AuditIndexerReply =
  | { kind: 'caught-up'; id: number; ok: true }
  | { kind: 'caught-up'; id: number; ok: false; message: string }
  /** The background rounds started failing (`failure`) or work again (undefined); sent on every change. */
  | { kind: 'status'; failure: string | undefined };
