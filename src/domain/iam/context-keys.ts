/**
 * The condition context keys a policy refers to, as GetContextKeysFor{Custom,Principal}Policy list them: keys named in
 * `Condition` blocks and policy variables (`${aws:username}`) in `Resource`/`NotResource` entries and condition
 * values, in document order, spelled as written, each once (key names are case-insensitive).
 */
import type { CompiledPolicy } from '../policy/index.js';

const VARIABLE = /\$\{([^}]*)\}/g;
/** `${*}`, `${?}`, `${$}` are escapes, not keys. */
const ESCAPES = new Set(['*', '?', '$']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The raw statement objects of a compiled policy, indexed like `CompiledStatement.index`. */
function rawStatements(policy: CompiledPolicy): unknown[] {
  const doc = policy.document as { Statement?: unknown };
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

/** Policy variables in one string (only Version 2012-10-17 substitutes them); `${key, 'default'}` names `key`. */
function variablesIn(text: unknown, variables: boolean): string[] {
  if (!variables || typeof text !== 'string' || !text.includes('${')) return [];
  const keys: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const inner = m[1]!.trim();
    if (ESCAPES.has(inner)) continue;
    const key = inner.includes(',') ? inner.slice(0, inner.indexOf(',')).trim() : inner;
    if (key !== '') keys.push(key);
  }
  return keys;
}

const strings = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Variables in the statement's `Resource`/`NotResource` entries. */
export function resourceVariables(policy: CompiledPolicy, statementIndex: number): string[] {
  const s = rawStatements(policy)[statementIndex];
  if (!isObject(s)) return [];
  const variables = policy.version === '2012-10-17';
  return [...strings(s.Resource), ...strings(s.NotResource)].flatMap((r) => variablesIn(r, variables));
}

/** Every key one statement refers to, in document order, possibly repeated. */
export function statementContextKeys(policy: CompiledPolicy, statementIndex: number): string[] {
  const s = rawStatements(policy)[statementIndex];
  if (!isObject(s)) return [];
  const variables = policy.version === '2012-10-17';
  const keys = resourceVariables(policy, statementIndex);
  if (isObject(s.Condition)) {
    for (const block of Object.values(s.Condition)) {
      if (!isObject(block)) continue;
      for (const [key, values] of Object.entries(block)) {
        keys.push(key);
        for (const v of strings(values)) keys.push(...variablesIn(v, variables));
      }
    }
  }
  return keys;
}

/**
 * The keys of every statement of every policy, once each (first spelling kept).
 *
 * @example
 * contextKeys([parsed]); // ['aws:username', 'aws:CurrentTime'] for a Resource with ${aws:username} and a DateGreaterThan
 */
export function contextKeys(policies: readonly CompiledPolicy[]): string[] {
  return uniqueKeys(policies.flatMap((p) => p.statements.flatMap((s) => statementContextKeys(p, s.index))));
}

/** Keys once each, case-insensitively, keeping the first spelling and the order. */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of keys) {
    const lower = k.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    out.push(k);
  }
  return out;
}
