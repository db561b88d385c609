/**
 * Authorization on a KMS key, with KMS's rule: the key policy is the root of access. IAM policies count only when the
 * key policy delegates to the account (`"AWS": "arn:aws:iam::<acct>:root"`, as the default key policy does); a key
 * policy can also grant a principal directly. An explicit Deny anywhere wins. The account root keeps access unless
 * the key policy explicitly denies it (AWS can lock root out; Coffer keeps a way back in).
 */
import { AwsError } from '../../protocol/errors.js';
import { evaluate, PolicyCache, type Caller, type RequestContext } from '../policy/index.js';
import type { KmsKeyRecord } from '../../storage/store.js';

const keyPolicies = new PolicyCache(1_000);

export interface KeyAccessContext {
  /** Set when a service (Secrets Manager) calls KMS on the caller's behalf: `secretsmanager.<region>.amazonaws.com`. */
  viaService?: string;
  encryptionContext?: Record<string, string>;
}

export function assertKeyAccess(caller: Caller, key: Pick<KmsKeyRecord, 'arn' | 'policy' | 'tags'>, action: string, access: KeyAccessContext = {}): void {
  const parsed = keyPolicies.parse(key.policy, 'resource');
  const resourcePolicy = parsed.ok ? parsed.policy : undefined;
  // The account's root user, without session limits, on a key policy that denies nothing: allowed (the hot case).
  if (caller.principal.isRoot && (caller.guardrails ?? []).length === 0 && resourcePolicy && !resourcePolicy.statements.some((s) => s.effect === 'Deny')) return;
  const context: RequestContext = {
    'aws:PrincipalArn': caller.principal.arn,
    'aws:PrincipalAccount': caller.principal.accountId,
    'aws:SecureTransport': false,
    'kms:CallerAccount': caller.principal.accountId,
    ...(caller.sourceIp ? { 'aws:SourceIp': caller.sourceIp.replace(/^::ffff:/, '') } : {}),
    ...(access.viaService ? { 'kms:ViaService': access.viaService } : {}),
  };
  for (const tag of key.tags) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  if (access.encryptionContext) {
    context['kms:EncryptionContextKeys'] = Object.keys(access.encryptionContext);
    for (const [k, v] of Object.entries(access.encryptionContext)) context[`kms:EncryptionContext:${k}`] = v;
  }
  const request = { principal: caller.principal, action, resource: key.arn, context };
  const full = evaluate(request, { identityPolicies: caller.identityPolicies, resourcePolicy, guardrails: caller.guardrails });
  const head = `User: ${caller.principal.arn} is not authorized to perform: ${action} on resource: ${key.arn}`;
  if (full.decision === 'ExplicitDeny') {
    const where = full.matchedStatements.some((m) => m.effect === 'Deny' && m.source === 'resource') ? 'a resource-based policy' : 'an identity-based policy';
    throw new AwsError('AccessDeniedException', `${head} with an explicit deny in ${where}`);
  }
  if (caller.principal.isRoot) {
    if (full.decision === 'Allow') return;
  } else {
    const keyPolicyOnly = evaluate(request, { identityPolicies: [], resourcePolicy, guardrails: caller.guardrails });
    if (keyPolicyOnly.decision === 'Allow') return;
    const delegated = keyPolicyOnly.matchedStatements.some((m) => m.source === 'resource' && m.effect === 'Allow');
    if (delegated && full.decision === 'Allow') return;
    if (delegated && full.reason === 'guardrail') throw new AwsError('AccessDeniedException', `${head} because no session policy allows the ${action} action`);
    if (delegated) throw new AwsError('AccessDeniedException', `${head} because no identity-based policy allows the ${action} action`);
  }
  throw new AwsError('AccessDeniedException', `${head} because no resource-based policy allows the ${action} action`);
}
