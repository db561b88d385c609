/**
 * Problem texts reported by `parsePolicy`. Where IAM's MalformedPolicyDocument message is known it is reproduced
 * verbatim; the rest (marked "Coffer") are our own wording in the same style. The caller picks the error code
 * (MalformedPolicyDocumentException, InvalidParameterException, ...).
 */
export const PolicyMessages = {
  /** IAM: invalid JSON or an unknown/ill-typed element. */
  SYNTAX: 'Syntax errors in policy.',
  /** IAM: Version other than 2012-10-17 / 2008-10-17. */
  LEGACY_PARSING: 'The policy failed legacy parsing',
  /** IAM: Principal/NotPrincipal in an identity policy. */
  PRINCIPAL_NOT_ALLOWED: 'Policy document should not specify a principal.',
  /** IAM/S3-style: resource policy statement without Principal/NotPrincipal. */
  MISSING_PRINCIPAL: 'Missing required field Principal',
  /** IAM: neither Action nor NotAction. */
  MISSING_ACTIONS: 'Policy statement must contain actions.',
  /** IAM: neither Resource nor NotResource. */
  MISSING_RESOURCES: 'Policy statement must contain resources.',
  /** Coffer (IAM wording unverified). */
  MISSING_STATEMENT: 'Missing required field Statement',
  /** Coffer (IAM wording unverified). */
  MISSING_EFFECT: 'Missing required field Effect',
  /** IAM. */
  DUPLICATE_SID: 'Statement IDs (SID) in a single policy must be unique.',
  /** IAM (identity policies). */
  INVALID_SID: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  /** IAM. */
  MISSING_VENDOR: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  /** IAM. */
  RESOURCE_VENDOR: 'Resource vendor must be fully qualified and cannot contain regexes.',
  /** IAM: `Resource <r> must be in ARN format or "*".` */
  resourceFormat: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  /** Coffer (IAM wording unverified): `Invalid effect: <e>`. */
  invalidEffect: (e: string) => `Invalid effect: ${e}`,
  /** S3/Secrets Manager style: `Invalid principal in policy: "AWS":"<p>"`. */
  invalidPrincipal: (type: string, p: string) => `Invalid principal in policy: "${type}":"${p}"`,
  /** Coffer (IAM wording unverified). */
  invalidConditionOperator: (op: string) => `Invalid Condition type : ${op}`,
  /** Coffer. */
  invalidConditionValue: (op: string, v: string) => `Invalid value for condition operator ${op}: ${v}`,
} as const;
