/** Resource policies on secrets: compiled once (by document text) and checked for broad (public) access. */
import { AwsError } from '../../protocol/errors.js';
import { PolicyCache, type CompiledPolicy } from '../policy/index.js';

const policies = new PolicyCache(1_000);

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
