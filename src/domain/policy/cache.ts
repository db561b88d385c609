/**
 * A tiny LRU of parse results keyed by policy kind + document text, so a stored policy evaluated on every request
 * is parsed and compiled once.
 */
import type { ParseResult } from './compiled-policy.js';
import { parsePolicy } from './parse.js';
import type { PolicyKind } from './types.js';

/**
 * @example
 * const cache = new PolicyCache(500);
 * const r = cache.parse(storedText, 'resource'); // parsed once, then served from memory
 */
export class PolicyCache {
  private readonly entries = new Map<string, ParseResult>();
  constructor(private readonly capacity = 256) {}

  /** Parse `text` as a policy of `kind`, or return the cached result (success or problems). */
  parse(text: string, kind: PolicyKind): ParseResult {
    const k = `${kind}\u0000${text}`;
    const hit = this.entries.get(k);
    if (hit) {
      this.entries.delete(k);
      this.entries.set(k, hit);
      return hit;
    }
    const r = parsePolicy(text, { kind });
    this.entries.set(k, r);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return r;
  }

  get size(): number {
    return this.entries.size;
  }
}
