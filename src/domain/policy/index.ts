/**
 * Coffer's IAM policy engine: parse + compile policy documents once, evaluate requests against them.
 *
 * @example
 * import { parsePolicy, evaluate } from './domain/policy/index.js';
 * const p = parsePolicy(text, { kind: 'identity' });
 * if (!p.ok) throw new MalformedPolicy(p.problems[0].message);
 * const { decision } = evaluate(request, { identityPolicies: [p.policy] });
 */
export { parsePolicy, type ParseOptions } from './parse.js';
export { assertAllowed, type AccessQuestion, type Caller } from './access.js';
export { PolicyCache } from './cache.js';
export { PolicyMessages } from './messages.js';
export {
  evaluate,
  arnAccount,
  type Decision,
  type EvaluationResult,
  type GuardrailSet,
  type MatchedStatement,
  type PolicySet,
} from './evaluate.js';
export type { CompiledPolicy, CompiledStatement, Effect, ParseResult } from './compiled-policy.js';
export { CONDITION_OPERATORS } from './conditions.js';
export { wildcardMatch } from './match.js';
export type {
  ContextValue,
  EvaluationRequest,
  PolicyKind,
  PolicyProblem,
  RequestContext,
  RequestPrincipal,
} from './types.js';
