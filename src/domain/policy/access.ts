/**
 * The authorization decision for one call, with AWS's AccessDenied message: the identity policies of the caller,
 * plus the resource's policy when it has one, through `evaluate`.
 *
 * @example
 *   assertAllowed(caller, { action: 'secretsmanager:GetSecretValue', resource: secret.arn, shownResource: 'prod/db' });
 */
import { AwsError } from '../../protocol/errors.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { evaluate, type GuardrailSet } from './evaluate.js';
import type { RequestContext, RequestPrincipal } from './types.js';

/** Who is calling: the principal and the identity policies that apply to it (none for root). */
export interface Caller {
  principal: RequestPrincipal;
  identityPolicies: readonly CompiledPolicy[];
  /** Policy sets that must each also allow (session policies; later permissions boundaries). */
  guardrails?: readonly GuardrailSet[];
  sourceIp?: string;
}

export interface AccessQuestion {
  action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  resource: string;
  /** How the resource is named in the denial message (AWS echoes the identifier the caller gave). */
  shownResource?: string;
  resourcePolicy?: CompiledPolicy;
  resourceAccountId?: string;
  context?: RequestContext;
}

/** Throws AccessDeniedException unless the caller may do this. */
export function assertAllowed(caller: Caller, question: AccessQuestion): void {
  // The account's root user, with no resource policy to consult: nothing can deny it (the common, hot case).
  if (
    caller.principal.isRoot &&
    question.resourcePolicy === undefined &&
    (caller.guardrails ?? []).length === 0 &&
    (question.resourceAccountId ?? caller.principal.accountId) === caller.principal.accountId
  ) {
    return;
  }
  const context: RequestContext = {
    'aws:PrincipalArn': caller.principal.arn,
    'aws:PrincipalAccount': caller.principal.accountId,
    'aws:SecureTransport': false,
    ...(caller.sourceIp ? { 'aws:SourceIp': caller.sourceIp.replace(/^::ffff:/, '') } : {}),
    ...question.context,
  };
  const result = evaluate(
    { principal: caller.principal, action: question.action, resource: question.resource, context },
    {
      identityPolicies: caller.identityPolicies,
      resourcePolicy: question.resourcePolicy,
      resourceAccountId: question.resourceAccountId,
      guardrails: caller.guardrails,
    },
  );
  if (result.decision === 'Allow') return;
  const on = question.resource === '*' ? '' : ` on resource: ${question.shownResource ?? question.resource}`;
  const head = `User: ${caller.principal.arn} is not authorized to perform: ${question.action}${on}`;
  if (result.decision === 'ExplicitDeny') {
    const where = result.matchedStatements.some((m) => m.effect === 'Deny' && m.source === 'resource') ? 'a resource-based policy' : 'an identity-based policy';
    throw new AwsError('AccessDeniedException', `${head} with an explicit deny in ${where}`);
  }
  if (result.reason === 'guardrail') {
    // Name the limit that refused: only a session policy is "a policy that allows"; other limits (the fixed limits
    // of GetSessionToken credentials) are named as such.
    const refusing = caller.guardrails?.find((g) => !result.matchedStatements.some((m) => m.source === `guardrail:${g.name}` && m.effect === 'Allow'));
    if (refusing && refusing.name !== 'session policy') {
      throw new AwsError('AccessDeniedException', `${head} because the ${refusing.name} limits do not allow the ${question.action} action`);
    }
  }
  const missing = result.reason === 'guardrail' ? 'session policy' : 'identity-based policy';
  throw new AwsError('AccessDeniedException', `${head} because no ${missing} allows the ${question.action} action`);
}
