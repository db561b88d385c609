import { BoundedMap } from '../../lib/bounded-map.js';

/**
 * Unwrapped key bytes kept for reuse (data keys, KMS key material): bounded, the oldest entry forgotten first, and
 * every buffer overwritten by `clear()` (on seal), so nothing that decrypts a value stays in memory.
 */
export class KeyCache extends BoundedMap<string, Buffer> {
  override clear(): void {
    for (const key of this.values()) key.fill(0);
    super.clear();
  }
}
