/**
 * Policy evaluation: is this request allowed?
 *
 * Logic (AWS IAM user guide, "Policy evaluation logic", same-account and cross-account sections):
 * 1. Root of the resource's account: `Allow` for everything, unless the resource policy explicitly denies the request
 *    (identity policies cannot restrict root; a resource policy's Deny can, as in AWS).
 * 2. Gather every applicable statement (action, resource, principal for resource policies, and conditions match)
 *    from the identity policies, the resource policy and every guardrail set.
 * 3. Any applicable `Deny` → `ExplicitDeny`.
 * 4. Each guardrail set (a permissions boundary, a session policy, an SCP-like limit, ... added later) must contain an
 *    applicable `Allow`, otherwise → `ImplicitDeny`.
 * 5. Same account (caller's account = resource's account): an `Allow` from an identity policy OR from the resource
 *    policy suffices; but a resource-policy `Allow` that names the caller only through its account (`"AWS": "<acct>"`
 *    or `arn:aws:iam::<acct>:root`) delegates to the account and does not suffice alone (AWS behaviour). Cross-account:
 *    both are required (an account-principal Allow counts there).
 * 6. Otherwise → `ImplicitDeny`.
 */
import type { CompiledPolicy, CompiledStatement, Effect } from './compiled-policy.js';
import { statementCoversAction, statementCoversResource } from './compiled-policy.js';
import { buildContext, type NormalizedContext } from './context.js';
import { principalMatch, type PrincipalMatch } from './principal.js';
import type { EvaluationRequest } from './types.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A set of policies that must, together, allow the request (e.g. a permissions boundary). */
export interface GuardrailSet {
  /** Reported in `matchedStatements[].source` as `guardrail:<name>`. */
  name: string;
  policies: readonly CompiledPolicy[];
}

export interface PolicySet {
  identityPolicies: readonly CompiledPolicy[];
  resourcePolicy?: CompiledPolicy;
  /** Limits that must each allow the request; an explicit Deny in any of them also wins. */
  guardrails?: readonly GuardrailSet[];
  /** The resource owner's account; defaults to the account field of the resource ARN, else the caller's account. */
  resourceAccountId?: string;
  /** Clock for `aws:CurrentTime` / `aws:EpochTime`; defaults to now. */
  now?: Date;
}

/** A statement that applied to the request. */
export interface MatchedStatement {
  source: 'identity' | 'resource' | `guardrail:${string}`;
  /** Index within `identityPolicies` or the guardrail set's `policies`; 0 for the resource policy. */
  policyIndex: number;
  statementIndex: number;
  sid?: string;
  effect: Effect;
}

export interface EvaluationResult {
  decision: Decision;
  /** Every applicable statement, Deny and Allow alike, in evaluation order. */
  matchedStatements: MatchedStatement[];
  /** Short machine-readable explanation. */
  reason: 'root' | 'explicit-deny' | 'guardrail' | 'identity-allow' | 'resource-allow' | 'cross-account' | 'no-allow';
}

/** Whether the statement applies; for resource-policy statements also how the principal was named. */
function applies(s: CompiledStatement, req: EvaluationRequest, ctx: NormalizedContext): PrincipalMatch | false {
  if (!statementCoversAction(s, req.action)) return false;
  if (!statementCoversResource(s, req.resource, ctx)) return false;
  let via: PrincipalMatch = 'direct';
  if (s.principals) {
    const m = principalMatch(s.principals.spec, req.principal);
    if (s.principals.negated ? m !== undefined : m === undefined) return false;
    if (m) via = m;
  }
  return s.condition.evaluate(ctx) ? via : false;
}

interface Collected {
  /** An applicable Allow naming the caller directly (identity policies always count as direct). */
  allow: boolean;
  /** An applicable Allow naming the caller only through its account. */
  allowViaAccount: boolean;
  deny: boolean;
}

function collect(
  policies: readonly CompiledPolicy[],
  source: MatchedStatement['source'],
  req: EvaluationRequest,
  ctx: NormalizedContext,
  out: MatchedStatement[],
): Collected {
  const c: Collected = { allow: false, allowViaAccount: false, deny: false };
  policies.forEach((p, policyIndex) => {
    for (const s of p.statements) {
      const via = applies(s, req, ctx);
      if (!via) continue;
      out.push({ source, policyIndex, statementIndex: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}), effect: s.effect });
      if (s.effect === 'Deny') c.deny = true;
      else if (via === 'account') c.allowViaAccount = true;
      else c.allow = true;
    }
  });
  return c;
}

/**
 * The account field of an ARN (`arn:p:s:r:<account>:...`), if it has one.
 *
 * @example
 * arnAccount('arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf'); // '111122223333'
 */
export function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts.length >= 6 && parts[4] ? parts[4] : undefined;
}

/**
 * Decide a request against compiled policies.
 *
 * @example
 * const identity = parsePolicy(doc, { kind: 'identity' });
 * if (identity.ok) {
 *   const r = evaluate(
 *     { principal: { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', username: 'alice' },
 *       action: 'secretsmanager:GetSecretValue',
 *       resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:alice/db-AbCdEf',
 *       context: { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
 *     { identityPolicies: [identity.policy] });
 *   r.decision; // 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'
 * }
 */
export function evaluate(request: EvaluationRequest, policies: PolicySet): EvaluationResult {
  const matchedStatements: MatchedStatement[] = [];
  const resourceAccount = policies.resourceAccountId ?? arnAccount(request.resource) ?? request.principal.accountId;
  const sameAccount = resourceAccount === request.principal.accountId;
  const ctx = buildContext(request.principal, request.context, policies.now ?? new Date());
  if (request.principal.isRoot && sameAccount) {
    // IAM policies cannot restrict the account's root user, but an explicit Deny in a resource policy can (as in
    // AWS, where a resource policy can lock even root out).
    const resource = policies.resourcePolicy
      ? collect([policies.resourcePolicy], 'resource', request, ctx, matchedStatements)
      : { allow: false, deny: false };
    // Limits on the credentials themselves (the root user's GetSessionToken credentials) still apply.
    const guards = (policies.guardrails ?? []).map((g) => collect(g.policies, `guardrail:${g.name}`, request, ctx, matchedStatements));
    if (resource.deny || guards.some((g) => g.deny)) return { decision: 'ExplicitDeny', matchedStatements, reason: 'explicit-deny' };
    if (guards.some((g) => !g.allow && !g.allowViaAccount)) return { decision: 'ImplicitDeny', matchedStatements, reason: 'guardrail' };
    return { decision: 'Allow', matchedStatements: [], reason: 'root' };
  }

  const identity = collect(policies.identityPolicies, 'identity', request, ctx, matchedStatements);
  const resource = policies.resourcePolicy
    ? collect([policies.resourcePolicy], 'resource', request, ctx, matchedStatements)
    : { allow: false, allowViaAccount: false, deny: false };
  const guards = (policies.guardrails ?? []).map((g) => collect(g.policies, `guardrail:${g.name}`, request, ctx, matchedStatements));

  if (identity.deny || resource.deny || guards.some((g) => g.deny)) {
    return { decision: 'ExplicitDeny', matchedStatements, reason: 'explicit-deny' };
  }
  if (guards.some((g) => !g.allow && !g.allowViaAccount)) return { decision: 'ImplicitDeny', matchedStatements, reason: 'guardrail' };
  if (sameAccount) {
    if (identity.allow) return { decision: 'Allow', matchedStatements, reason: 'identity-allow' };
    if (resource.allow) return { decision: 'Allow', matchedStatements, reason: 'resource-allow' };
    return { decision: 'ImplicitDeny', matchedStatements, reason: 'no-allow' };
  }
  if (identity.allow && (resource.allow || resource.allowViaAccount)) return { decision: 'Allow', matchedStatements, reason: 'cross-account' };
  return { decision: 'ImplicitDeny', matchedStatements, reason: 'no-allow' };
}
