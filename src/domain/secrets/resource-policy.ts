/**
 * Resource policies on secrets: compiled once (by document text), checked for broad (public) access, and consulted
 * on every call on the secret. Today every caller is the account's root user, whom only a resource policy's explicit
 * Deny can restrict; IAM principals will be evaluated against the same policy.
 */
import { AwsError } from '../../protocol/errors.js';
import { evaluate, PolicyCache, type CompiledPolicy, type RequestContext, type RequestPrincipal } from '../policy/index.js';
import type { SecretRecord } from '../../storage/store.js';

const policies = new PolicyCache(1_000);

/** Who is calling, as the policy engine sees them. */
export interface Caller {
  principal: RequestPrincipal;
  sourceIp?: string;
}

export const malformedPolicy = () => new AwsError('MalformedPolicyDocumentException', 'This resource policy contains a syntax error.');
export const publicPolicy = () =>
  new AwsError('PublicPolicyException', 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.');

/** The compiled policy, or MalformedPolicyDocumentException. */
export function compileResourcePolicy(text: string): CompiledPolicy {
  const parsed = policies.parse(text, 'resource');
  if (!parsed.ok) throw malformedPolicy();
  return parsed.policy;
}

/**
 * Keys that tie a wildcard principal to something specific: with one of them (and a value without wildcards) a
 * statement is not "broad access". A simplification of AWS's automated reasoning, on the conservative side.
 */
const RESTRICTING_KEYS = new Set(
  ['aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOwner', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:userid'].map(
    (k) => k.toLowerCase(),
  ),
);

/** Does any Allow statement grant a wildcard principal access without a restricting condition? */
export function grantsBroadAccess(policy: CompiledPolicy): boolean {
  const raw = policy.document as { Statement: unknown };
  const statements = (Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement]) as Record<string, unknown>[];
  return policy.statements.some((statement) => {
    if (statement.effect !== 'Allow' || !statement.principals) return false;
    if (!statement.principals.negated && !statement.principals.spec.any) return false;
    return !restricts(statements[statement.index]?.Condition);
  });
}

function restricts(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (/like|ifexists|^forallvalues|^not|notequals/i.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value : [value];
      if (RESTRICTING_KEYS.has(key.toLowerCase()) && values.every((v) => typeof v === 'string' && !/[*?]/.test(v))) return true;
    }
  }
  return false;
}

/**
 * Throws AccessDeniedException when the secret's resource policy explicitly denies `action` to the caller.
 * `secretId` is the identifier as the caller gave it: AWS names it in the message.
 */
export function assertSecretAccess(caller: Caller | undefined, action: string, secret: SecretRecord, secretId: string, extra: RequestContext = {}): void {
  if (!caller || secret.resourcePolicy === undefined) return;
  const policy = compileResourcePolicy(secret.resourcePolicy);
  const result = evaluate(
    { principal: caller.principal, action, resource: secret.arn, context: secretContext(caller, secret, extra) },
    { identityPolicies: [], resourcePolicy: policy, resourceAccountId: secret.accountId },
  );
  if (result.decision === 'ExplicitDeny') {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${caller.principal.arn} is not authorized to perform: ${action} on resource: ${secretId} with an explicit deny in a resource-based policy`,
    );
  }
}

function secretContext(caller: Caller, secret: SecretRecord, extra: RequestContext): RequestContext {
  const context: RequestContext = {
    'secretsmanager:SecretId': secret.arn,
    'secretsmanager:Name': secret.name,
    'secretsmanager:SecretPrimaryRegion': secret.region,
    'aws:PrincipalArn': caller.principal.arn,
    'aws:PrincipalAccount': caller.principal.accountId,
    'aws:SecureTransport': false,
    ...extra,
  };
  if (caller.sourceIp) context['aws:SourceIp'] = caller.sourceIp.replace(/^::ffff:/, '');
  for (const tag of secret.tags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`secretsmanager:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}
