/** The per-region hash chain of audit events: each event's hash covers the previous hash and the event's JSON. */
import { createHash } from 'node:crypto';

/** The `prevHash` of a region's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, eventJson: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(eventJson).digest('hex');
}
