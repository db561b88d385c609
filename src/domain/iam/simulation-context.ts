/**
 * The request context of a simulation, from the caller's ContextEntries. Values stay strings: the evaluator's
 * operators read numbers, dates (ISO 8601 or epoch seconds), booleans and IP addresses from strings, so the
 * ContextKeyType only says whether the key is single- or multi-valued (`…List`).
 */
import type { RequestContext } from '../policy/index.js';

export interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

/**
 * Keys the evaluator fills in by itself for live requests (from the clock and the caller). IAM's simulator only uses
 * what the caller supplies, so these start out absent.
 */
const LIVE_ONLY = ['aws:CurrentTime', 'aws:EpochTime', 'aws:PrincipalArn', 'aws:PrincipalAccount'];

/**
 * @example
 * simulationContext([{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.7'], ContextKeyType: 'ip' }]);
 * // { 'aws:CurrentTime': null, …, 'aws:SourceIp': '10.0.0.7' }
 */
export function simulationContext(entries: readonly ContextEntry[] | undefined): RequestContext {
  // A null-prototype object: a key named `__proto__` is data, never a prototype.
  const context = Object.create(null) as RequestContext;
  for (const key of LIVE_ONLY) context[key] = null;
  for (const entry of entries ?? []) {
    if (entry.ContextKeyName === undefined) continue;
    const values = entry.ContextKeyValues ?? [];
    const multi = (entry.ContextKeyType ?? '').endsWith('List') || values.length > 1;
    context[entry.ContextKeyName] = multi ? [...values] : (values[0] ?? null);
  }
  return context;
}
