/**
 * Wildcard matching for actions, resources and ARNs, compiled to RegExp once.
 *
 * - Actions: case-insensitive; `*` any run of characters, `?` exactly one.
 * - Resources / ARNs: case-sensitive. An ARN has six colon-separated parts
 *   (`arn:partition:service:region:account:resource`); inside the first five a wildcard stays within its part, except
 *   that a `*` which is the last character of a part may extend across colons (AWS IAM user guide, "IAM JSON policy
 *   elements: Resource", section "Using wildcards in resource ARNs"). The resource part is the remainder of the string
 *   and may itself contain colons, which `*` and `?` match freely. `*` alone matches every resource.
 * - Plain strings (`StringLike`): case-sensitive, `*`/`?` match any characters.
 *
 * Policy variables are substituted first (see `variables.ts`); their values are always literal.
 */
import type { NormalizedContext } from './context.js';
import { type Chunk, compileTemplate, resolveTemplate, type Template } from './variables.js';

export type GlobMode = 'plain' | 'arn';

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;
const esc = (c: string) => c.replace(ESCAPE, '\\$&');

/**
 * Compile chunks (text + "may contain wildcards") into an anchored RegExp.
 *
 * @example
 * globToRegExp([{ text: 'secretsmanager:Get*', wild: true }], 'plain', true).test('SecretsManager:GetSecretValue'); // true
 */
export function globToRegExp(chunks: readonly Chunk[], mode: GlobMode, ignoreCase = false): RegExp {
  const full = chunks.map((c) => c.text).join('');
  let src = '';
  let colons = 0;
  let pos = 0;
  for (const chunk of chunks) {
    for (const ch of chunk.text) {
      pos += ch.length;
      const inPrefix = mode === 'arn' && colons < 5;
      if (chunk.wild && ch === '*') {
        const lastOfPart = pos === full.length || full[pos] === ':';
        src += inPrefix && !lastOfPart ? '[^:]*' : '[\\s\\S]*';
      } else if (chunk.wild && ch === '?') {
        src += inPrefix ? '[^:]' : '[\\s\\S]';
      } else {
        if (ch === ':') colons++;
        src += esc(ch);
      }
    }
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'iu' : 'u');
}

/**
 * True when `pattern` (no variables) matches `value`. Convenience for one-off checks and tests.
 *
 * @example
 * wildcardMatch('arn:aws:secretsmanager:*:*:secret:app/*', arn, 'arn'); // true for any app/ secret
 */
export function wildcardMatch(pattern: string, value: string, mode: GlobMode = 'plain', ignoreCase = false): boolean {
  return globToRegExp([{ text: pattern, wild: true }], mode, ignoreCase).test(value);
}

/** A compiled action pattern (`secretsmanager:Get*`, `*`). */
export interface ActionMatcher {
  readonly source: string;
  test(action: string): boolean;
}

/**
 * Compile an action pattern; matching is case-insensitive and variables are not substituted (AWS does not support
 * policy variables in Action).
 *
 * @example
 * compileAction('secretsmanager:Describe*').test('secretsmanager:DescribeSecret'); // true
 */
export function compileAction(pattern: string): ActionMatcher {
  const re = globToRegExp([{ text: pattern, wild: true }], 'plain', true);
  return { source: pattern, test: (action) => re.test(action) };
}

/** A compiled pattern that may need the request context (Resource entries, ArnLike/StringLike values). */
export interface PatternMatcher {
  readonly source: string;
  /** `undefined` when a policy variable could not be resolved (AWS: the entry does not match). */
  test(value: string, ctx: NormalizedContext): boolean | undefined;
}

/**
 * Compile a pattern, with policy variables when `variables` is true (Version 2012-10-17). Static patterns become one
 * RegExp now; patterns with variables build theirs per request after substitution (small per-matcher cache).
 *
 * @example
 * const m = compilePattern('arn:aws:secretsmanager:*:111122223333:secret:${aws:username}/*', 'arn', true);
 * m.test('arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/db-AbCdEf', ctxWithUsername('alice')); // true
 */
export function compilePattern(pattern: string, mode: GlobMode, variables: boolean): PatternMatcher {
  return patternFromTemplate(compileTemplate(pattern, variables), mode);
}

/** As `compilePattern`, from an already compiled template. */
export function patternFromTemplate(t: Template, mode: GlobMode): PatternMatcher {
  if (!t.dynamic) {
    const re = globToRegExp(resolveTemplate(t, new Map())!, mode);
    return { source: t.source, test: (v) => re.test(v) };
  }
  const cache = new Map<string, RegExp>();
  return {
    source: t.source,
    test(value, ctx) {
      const chunks = resolveTemplate(t, ctx);
      if (!chunks) return undefined;
      const k = JSON.stringify(chunks);
      let re = cache.get(k);
      if (!re) {
        re = globToRegExp(chunks, mode);
        if (cache.size >= 64) cache.delete(cache.keys().next().value!);
        cache.set(k, re);
      }
      return re.test(value);
    },
  };
}

/**
 * True when `value` has the six-part ARN shape (`arn:p:s:r:a:resource`).
 *
 * @example
 * isArnShaped('arn:aws:s3:::bucket'); // true
 */
export function isArnShaped(value: string): boolean {
  return value.startsWith('arn:') && value.split(':').length >= 6;
}
