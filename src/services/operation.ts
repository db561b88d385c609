/** What every AWS operation handler is: a name, an input shape, how it is authorized, and its function. */
import type { Caller, CompiledPolicy, GuardrailSet } from '../domain/policy/index.js';
import type { StructureShape } from '../protocol/shape.js';
import type { Scope } from '../storage/store.js';

/** The authenticated caller: the account's root user, or an IAM user with the policies that apply to it. */
export interface Principal {
  type: 'Root' | 'IAMUser' | 'AssumedRole';
  accountId: string;
  arn: string;
  accessKeyId: string;
  /** The account id for root; AIDA… for a user; AROA…:<session> for an assumed role. */
  userId: string;
  userName?: string;
  /** For an assumed role: the role's ARN. */
  roleArn?: string;
  /** For temporary credentials: when they were issued. */
  sessionIssuedAt?: number;
  /** The user's or the role session's tags, as `aws:PrincipalTag/<key>`. */
  tags?: Record<string, string>;
  /** For an assumed role: session tags that pass on to a role it assumes in turn. */
  transitiveTags?: Record<string, string>;
  identityPolicies: readonly CompiledPolicy[];
  /** Policy sets that must each allow too (session policies; the limits of GetSessionToken credentials). */
  guardrails?: readonly GuardrailSet[];
}

export interface RequestContext {
  requestId: string;
  scope: Scope;
  principal: Principal;
  sourceIp: string;
  userAgent: string;
}

/** The caller as the policy engine sees them. */
export function callerOf(ctx: RequestContext): Caller {
  const { principal } = ctx;
  return {
    principal: { arn: principal.arn, accountId: principal.accountId, isRoot: principal.type === 'Root', userId: principal.userId, username: principal.userName, tags: principal.tags },
    identityPolicies: principal.identityPolicies,
    guardrails: principal.guardrails,
    sourceIp: ctx.sourceIp,
  };
}

/**
 * How an operation is authorized: by the pipeline against the resource ARN the function returns (`*` for actions
 * without a resource), in the domain once the resource is known (calls on a secret), or not at all (as AWS does
 * for sts:GetCallerIdentity).
 */
export type Authorization<I, Deps = any> = { resource(input: I, ctx: RequestContext, deps: Deps): string | Promise<string> } | 'in-domain' | 'none';

export interface Operation<Deps> {
  name: string;
  input: StructureShape;
  /** Read or List access level (CloudTrail's readOnly). */
  readOnly: boolean;
  authorization: Authorization<Record<string, unknown>, Deps>;
  /** The output shape, for protocols that serialize by shape (awsQuery's XML). */
  output?: StructureShape;
  handle(input: Record<string, unknown>, ctx: RequestContext, deps: Deps): Promise<Record<string, unknown>>;
}

/** Declares an operation with a typed input; the shape validator guarantees the input matches `I`. */
export function defineOperation<I, Deps>(op: {
  name: string;
  input: StructureShape;
  readOnly: boolean;
  authorization: Authorization<I, Deps>;
  output?: StructureShape;
  handle(input: I, ctx: RequestContext, deps: Deps): Promise<Record<string, unknown>>;
}): Operation<Deps> {
  return op as unknown as Operation<Deps>;
}

/** For operations without a resource (ListSecrets, GetRandomPassword, …). */
export const ANY_RESOURCE = { resource: () => '*' } as const;
