/**
 * The compiled form of a policy document: everything `evaluate` needs, with patterns already turned into matchers,
 * so evaluation never re-parses (the cache keyed by document text is in `cache.ts`).
 */
import type { CompiledConditionBlock } from './conditions.js';
import type { NormalizedContext } from './context.js';
import type { ActionMatcher, PatternMatcher } from './match.js';
import type { PrincipalSpec } from './principal.js';
import type { PolicyKind, PolicyProblem } from './types.js';

export type Effect = 'Allow' | 'Deny';

/** A compiled statement. `Not*` forms set `negated`. */
export interface CompiledStatement {
  /** Position in the document's Statement list (0 for a single-object Statement). */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly actions: { readonly negated: boolean; readonly matchers: readonly ActionMatcher[] };
  readonly resources: { readonly negated: boolean; readonly matchers: readonly PatternMatcher[] };
  /** Present only in resource policies. */
  readonly principals?: { readonly negated: boolean; readonly spec: PrincipalSpec };
  readonly condition: CompiledConditionBlock;
}

/** A validated, compiled policy. */
export interface CompiledPolicy {
  readonly kind: PolicyKind;
  /** `2012-10-17` or `2008-10-17` (also when Version was omitted, as in AWS). */
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly CompiledStatement[];
  /** The parsed JSON document, unchanged. */
  readonly document: unknown;
}

export type ParseResult = { ok: true; policy: CompiledPolicy } | { ok: false; problems: PolicyProblem[] };

/**
 * Does `statement` cover this action? (`NotAction`: every action not listed.)
 *
 * @example
 * statementCoversAction(policy.statements[0], 'secretsmanager:GetSecretValue');
 */
export function statementCoversAction(s: CompiledStatement, action: string): boolean {
  const hit = s.actions.matchers.some((m) => m.test(action));
  return s.actions.negated ? !hit : hit;
}

/**
 * Does `statement` cover this resource? (`NotResource`: every resource not listed.) An entry whose policy variable
 * cannot be resolved does not match; for `NotResource` that makes the whole statement inapplicable (AWS: an
 * unresolvable variable may invalidate the statement) rather than silently widening it.
 */
export function statementCoversResource(s: CompiledStatement, resource: string, ctx: NormalizedContext): boolean {
  let hit = false;
  for (const m of s.resources.matchers) {
    const r = m.test(resource, ctx);
    if (r === undefined) {
      if (s.resources.negated) return false;
      continue;
    }
    if (r) {
      hit = true;
      break;
    }
  }
  return s.resources.negated ? !hit : hit;
}
