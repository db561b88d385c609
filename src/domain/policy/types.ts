/**
 * Shared types of the IAM policy engine: request context values, requests, and the problems a parse reports.
 * Pure data; no behaviour lives here.
 */

/** A value in the request context. Arrays are multi-valued keys (e.g. `aws:TagKeys`). */
export type ContextValue = string | string[] | number | boolean | Date;

/** The request context: condition key → value. Key lookup is case-insensitive; `undefined`/`null` mean "absent". */
export type RequestContext = Record<string, ContextValue | null | undefined>;

/** The authenticated caller. */
export interface RequestPrincipal {
  /** e.g. `arn:aws:iam::111122223333:user/alice` or `arn:aws:sts::111122223333:assumed-role/Admin/session`. */
  arn: string;
  accountId: string;
  /** Feeds `aws:userid` / `${aws:userid}`. */
  userId?: string;
  /** Feeds `aws:username` / `${aws:username}` (IAM users only, as in AWS). */
  username?: string;
  /** Feeds `aws:PrincipalTag/<key>`. */
  tags?: Record<string, string>;
  /** The account's root user: allowed everything in its account except what a resource policy denies (see `evaluate`). */
  isRoot?: boolean;
  /** For AWS service principals (matched against `Principal: {"Service": ...}`), e.g. `lambda.amazonaws.com`. */
  service?: string;
}

/** One authorization question. */
export interface EvaluationRequest {
  principal: RequestPrincipal;
  /** e.g. `secretsmanager:GetSecretValue` */
  action: string;
  /** Resource ARN, or `*` for actions without a resource (ListSecrets, GetRandomPassword). */
  resource: string;
  context?: RequestContext;
}

/** Which policy type is being parsed: identity policies must not name a principal, resource policies must. */
/** `trust`: a role's trust policy — a resource policy without a Resource element (the role itself is the resource). */
export type PolicyKind = 'identity' | 'resource' | 'trust';

/** One thing wrong with a policy document. `message` is IAM's MalformedPolicyDocument text where known. */
export interface PolicyProblem {
  message: string;
  /** JSON-pointer-like location for humans, e.g. `Statement[1].Condition.StringEquals`. */
  path: string;
}
