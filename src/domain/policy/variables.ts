/**
 * IAM policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`), compiled once
 * into a template and resolved per request. Only Version 2012-10-17 policies substitute variables; in 2008-10-17
 * (or no Version) the text is literal, as AWS documents.
 *
 * Resolution yields chunks that remember whether their characters may act as wildcards: text written in the policy
 * may, while `${*}`/`${?}`/`${$}` and substituted context values are always literal.
 */
import { lookup, type NormalizedContext } from './context.js';

/** A run of text; `wild` says whether `*`/`?` inside it are wildcards. */
export interface Chunk {
  text: string;
  wild: boolean;
}

type Part = { lit: string; wild: boolean } | { key: string; fallback?: string };

/** A compiled string that may contain policy variables. */
export interface Template {
  /** The policy text as written. */
  readonly source: string;
  /** True when at least one `${key}` needs the request context. */
  readonly dynamic: boolean;
  readonly parts: readonly Part[];
}

const VAR = /\$\{([^}]*)\}/g;
const DEFAULT = /^\s*([^,\s][^,]*?)\s*,\s*'((?:[^']|'')*)'\s*$/;

/**
 * Compile `text` into a template; with `variables: false` the text is taken literally (2008-10-17 policies).
 *
 * @example
 * const t = compileTemplate("arn:aws:secretsmanager:*:*:secret:${aws:username}-*", true);
 * resolveTemplate(t, ctx); // [{text:'arn:aws:...:secret:', wild:true}, {text:'alice', wild:false}, {text:'-*', wild:true}]
 */
export function compileTemplate(text: string, variables: boolean): Template {
  if (!variables || !text.includes('${')) return { source: text, dynamic: false, parts: [{ lit: text, wild: true }] };
  const parts: Part[] = [];
  let last = 0;
  let dynamic = false;
  for (const m of text.matchAll(VAR)) {
    if (m.index! > last) parts.push({ lit: text.slice(last, m.index), wild: true });
    const inner = m[1]!;
    const trimmed = inner.trim();
    if (trimmed === '*' || trimmed === '?' || trimmed === '$') parts.push({ lit: trimmed, wild: false });
    else {
      const d = DEFAULT.exec(inner);
      if (d) parts.push({ key: d[1]!.toLowerCase(), fallback: d[2]!.replaceAll("''", "'") });
      else parts.push({ key: trimmed.toLowerCase() });
      dynamic = true;
    }
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ lit: text.slice(last), wild: true });
  return { source: text, dynamic, parts };
}

/**
 * Substitute the request context into a template. Returns `undefined` when a variable has no single value in the
 * context and no default (AWS: the element containing it does not match); multi-valued keys cannot be variables.
 */
export function resolveTemplate(t: Template, ctx: NormalizedContext): Chunk[] | undefined {
  const out: Chunk[] = [];
  for (const p of t.parts) {
    if ('lit' in p) {
      out.push({ text: p.lit, wild: p.wild });
      continue;
    }
    const v = lookup(ctx, p.key);
    let text: string | undefined;
    if (v === undefined || Array.isArray(v)) text = p.fallback;
    else text = scalarToString(v);
    if (text === undefined) return undefined;
    out.push({ text, wild: false });
  }
  return out;
}

/** The resolved template as one literal string (wildcards kept as written). */
export function chunksToString(chunks: readonly Chunk[]): string {
  return chunks.map((c) => c.text).join('');
}

/** How a scalar context value reads as a string (Dates as ISO 8601, booleans as `true`/`false`). */
export function scalarToString(v: string | number | boolean | Date): string {
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
