/**
 * The policy simulator's core (iam:SimulatePrincipalPolicy / iam:SimulateCustomPolicy): each action on each resource
 * through Coffer's real evaluator, reported the way IAM's simulator reports it — the decision, the statements that
 * applied with where they sit in their documents, and the context keys those statements need that were not given.
 *
 * As in IAM's simulator, the request context is only what the caller supplies (ContextEntries): nothing is derived
 * from the simulated entity or the clock. A key a relevant statement uses but that was not supplied is listed in
 * `missingContextValues`, and the statement is evaluated without it.
 */
import { arnAccount, evaluate, type CompiledPolicy, type MatchedStatement, type RequestContext, type RequestPrincipal } from '../policy/index.js';
import { statementCoversAction, statementCoversResource, type CompiledStatement } from '../policy/compiled-policy.js';
import { buildContext, lookup, type NormalizedContext } from '../policy/context.js';
import { principalMatch } from '../policy/principal.js';
import { resourceVariables, statementContextKeys, uniqueKeys } from './context-keys.js';
import { statementSpans, type Position, type StatementSpan } from './statement-positions.js';

/** IAM's simulator reports every identity policy as `IAM Policy` and the resource policy as `Resource Policy`. */
export type SimulatedPolicyType = 'IAM Policy' | 'Resource Policy';

/** A policy taking part in a simulation, with the id IAM reports it under and its text (for statement positions). */
export interface SimulatedPolicy {
  id: string;
  type: SimulatedPolicyType;
  text: string;
  policy: CompiledPolicy;
}

export interface SimulationRequest {
  identityPolicies: readonly SimulatedPolicy[];
  /** PermissionsBoundaryPolicyInputList: together they must allow the request. */
  permissionsBoundary: readonly SimulatedPolicy[];
  resourcePolicy?: SimulatedPolicy;
  actions: readonly string[];
  /** `*` when the caller named no resources. */
  resources: readonly string[];
  /** Who makes the simulated calls (matched against the resource policy's Principal). */
  caller: RequestPrincipal;
  /** Account owning resources whose ARN names none; defaults to the caller's account. */
  resourceOwner?: string;
  /** From ContextEntries (see `simulation-context.ts`). */
  context: RequestContext;
}

export type SimulationDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface SimulatedStatement {
  sourcePolicyId: string;
  sourcePolicyType: SimulatedPolicyType;
  start: Position;
  end: Position;
}

export interface SimulationResult {
  action: string;
  resource: string;
  decision: SimulationDecision;
  /** Every statement that applied: the resource policy's first, then the identity policies', then the boundary's. */
  matchedStatements: SimulatedStatement[];
  missingContextValues: string[];
  /** Only when a permissions boundary was simulated. */
  allowedByPermissionsBoundary?: boolean;
}

const BOUNDARY = 'permissions boundary';
const DECISIONS = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;
const SOURCE_ORDER: Record<string, number> = { resource: 0, identity: 1, [`guardrail:${BOUNDARY}`]: 2 };

/**
 * Simulate every action on every resource, in that order (all resources of the first action, then the next action).
 *
 * @example
 * simulate({ identityPolicies: [{ id: 'PolicyInputList.1', type: 'IAM Policy', text, policy }], permissionsBoundary: [],
 *   actions: ['secretsmanager:GetSecretValue'], resources: ['*'], caller, context: {} });
 * // [{ action: 'secretsmanager:GetSecretValue', resource: '*', decision: 'allowed', matchedStatements: [...], missingContextValues: [] }]
 */
export function simulate(request: SimulationRequest): SimulationResult[] {
  const spans = new Map<SimulatedPolicy, StatementSpan[]>();
  const spanOf = (p: SimulatedPolicy, index: number): StatementSpan => {
    let s = spans.get(p);
    if (!s) spans.set(p, (s = statementSpans(p.text)));
    return s[index] ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  };
  const ctx = buildContext(request.caller, request.context, new Date());
  const guardrails = request.permissionsBoundary.length > 0 ? [{ name: BOUNDARY, policies: request.permissionsBoundary.map((p) => p.policy) }] : [];

  const results: SimulationResult[] = [];
  for (const action of request.actions) {
    for (const resource of request.resources) {
      const evaluation = evaluate(
        { principal: request.caller, action, resource, context: request.context },
        {
          identityPolicies: request.identityPolicies.map((p) => p.policy),
          resourcePolicy: request.resourcePolicy?.policy,
          guardrails,
          resourceAccountId: arnAccount(resource) ?? request.resourceOwner ?? request.caller.accountId,
        },
      );
      const matched = [...evaluation.matchedStatements].sort((a, b) => SOURCE_ORDER[a.source]! - SOURCE_ORDER[b.source]!);
      const result: SimulationResult = {
        action,
        resource,
        decision: DECISIONS[evaluation.decision],
        matchedStatements: matched.map((m) => {
          const p = policyOf(request, m);
          const span = spanOf(p, m.statementIndex);
          return { sourcePolicyId: p.id, sourcePolicyType: p.type, start: span.start, end: span.end };
        }),
        missingContextValues: missingKeys(request, action, resource, ctx),
      };
      if (guardrails.length > 0) {
        const boundary = evaluation.matchedStatements.filter((m) => m.source === `guardrail:${BOUNDARY}`);
        result.allowedByPermissionsBoundary = boundary.some((m) => m.effect === 'Allow') && !boundary.some((m) => m.effect === 'Deny');
      }
      results.push(result);
    }
  }
  return results;
}

function policyOf(request: SimulationRequest, m: MatchedStatement): SimulatedPolicy {
  if (m.source === 'resource') return request.resourcePolicy!;
  if (m.source === 'identity') return request.identityPolicies[m.policyIndex]!;
  return request.permissionsBoundary[m.policyIndex]!;
}

/**
 * Keys used by the statements relevant to this action and resource that the context lacks. A statement is relevant
 * when it covers the action and the resource (or names the resource through a variable the context cannot resolve),
 * and, in the resource policy, names the caller.
 */
function missingKeys(request: SimulationRequest, action: string, resource: string, ctx: NormalizedContext): string[] {
  const missing: string[] = [];
  const consider = (p: SimulatedPolicy) => {
    for (const s of p.policy.statements) {
      if (!relevant(p.policy, s, request.caller, action, resource, ctx)) continue;
      for (const key of statementContextKeys(p.policy, s.index)) if (lookup(ctx, key) === undefined) missing.push(key);
    }
  };
  if (request.resourcePolicy) consider(request.resourcePolicy);
  request.identityPolicies.forEach(consider);
  request.permissionsBoundary.forEach(consider);
  return uniqueKeys(missing);
}

function relevant(policy: CompiledPolicy, s: CompiledStatement, caller: RequestPrincipal, action: string, resource: string, ctx: NormalizedContext): boolean {
  if (!statementCoversAction(s, action)) return false;
  if (s.principals) {
    const named = principalMatch(s.principals.spec, caller) !== undefined;
    if (named === s.principals.negated) return false;
  }
  if (statementCoversResource(s, resource, ctx)) return true;
  return resourceVariables(policy, s.index).some((key) => lookup(ctx, key) === undefined);
}
