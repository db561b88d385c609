/**
 * The `Principal` / `NotPrincipal` element of resource policies: parse and match.
 *
 * Accepted forms: `"*"`, `{"AWS": "*"}`, `{"AWS": "<12-digit account id>"}`, `{"AWS": "arn:<p>:iam::<acct>:root"}`,
 * `{"AWS": "<IAM user / role / group ARN>"}`, `{"AWS": "<assumed-role session ARN>"}`, `{"Service": "<svc>.amazonaws.com"}`,
 * `{"Federated": ...}`, `{"CanonicalUser": ...}`; each value a string or a list. AWS allows no partial wildcards in
 * principals, so only a bare `*` is a wildcard.
 *
 * Matching (documented in IAM "Principal" element page):
 * - `*` matches everyone;
 * - an account (id or `:root` ARN) matches any principal of that account, but only as a delegation: an Allow reached
 *   this way does not by itself grant a same-account caller (the account's identity policies must allow), exactly as
 *   in AWS; see `evaluate.ts`. A Deny reached this way applies to every principal of the account;
 * - a user/role ARN matches exactly; an assumed-role session `arn:<p>:sts::<acct>:assumed-role/<Role>/<session>`
 *   also matches the role `arn:<p>:iam::<acct>:role/[<path>/]<Role>`.
 */
import { PolicyMessages } from './messages.js';
import type { PolicyProblem, RequestPrincipal } from './types.js';

/** A compiled principal specification. */
export interface PrincipalSpec {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Federated / CanonicalUser entries: kept for round-tripping, never matched by Coffer. */
  readonly other: readonly string[];
}

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:[a-z-]+:iam::(\d{12}):root$/;
const IAM_ENTITY = /^arn:[a-z-]+:iam::\d{12}:(user|role|group)\/[\w+=,.@/-]+$/;
const SESSION = /^arn:([a-z-]+):sts::(\d{12}):(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const KNOWN_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/**
 * Parse a Principal/NotPrincipal value. Problems are appended; returns `undefined` on any problem.
 *
 * @example
 * parsePrincipal({ AWS: ['111122223333', 'arn:aws:iam::444455556666:role/Reader'] }, [], 'Statement[0].Principal');
 */
export function parsePrincipal(value: unknown, problems: PolicyProblem[], path: string): PrincipalSpec | undefined {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  const other: string[] = [];
  let any = false;
  const before = problems.length;
  if (value === '*') return { any: true, accounts, arns, services, other };
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    problems.push({ message: PolicyMessages.SYNTAX, path });
    return undefined;
  }
  for (const [type, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!KNOWN_TYPES.includes(type)) {
      problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.${type}` });
      continue;
    }
    const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.length > 0 ? raw : undefined;
    if (!list || !list.every((v): v is string => typeof v === 'string')) {
      problems.push({ message: PolicyMessages.SYNTAX, path: `${path}.${type}` });
      continue;
    }
    for (const v of list) {
      if (type === 'AWS') {
        const root = ROOT.exec(v);
        if (v === '*') any = true;
        else if (ACCOUNT.test(v)) accounts.add(v);
        else if (root) accounts.add(root[1]!);
        else if (IAM_ENTITY.test(v) || SESSION.test(v)) arns.add(v);
        else problems.push({ message: PolicyMessages.invalidPrincipal(type, v), path: `${path}.${type}` });
      } else if (type === 'Service') {
        if (v === '*') any = true;
        else if (/^[a-z0-9.-]+$/.test(v)) services.add(v);
        else problems.push({ message: PolicyMessages.invalidPrincipal(type, v), path: `${path}.${type}` });
      } else {
        if (v === '*' && type === 'Federated') any = true;
        else other.push(`${type}:${v}`);
      }
    }
  }
  return problems.length > before ? undefined : { any, accounts, arns, services, other };
}

/** The role ARN prefix/name an assumed-role session ARN stands for, or undefined. */
function sessionRole(arn: string): { partition: string; account: string; role: string } | undefined {
  const m = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? { partition: m[1]!, account: m[2]!, role: m[3]! } : undefined;
}

/** How a specification names a caller: directly (`*`, its ARN, its role, its service) or through its account. */
export type PrincipalMatch = 'direct' | 'account';

/**
 * How (if at all) the specification names this caller.
 *
 * @example
 * principalMatch(spec, { arn: 'arn:aws:sts::111122223333:assumed-role/Reader/s1', accountId: '111122223333' });
 * // 'direct' if spec lists arn:aws:iam::111122223333:role/Reader, 'account' if it lists 111122223333
 */
export function principalMatch(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch | undefined {
  if (spec.any) return 'direct';
  if (p.service !== undefined && spec.services.has(p.service)) return 'direct';
  if (spec.arns.has(p.arn)) return 'direct';
  const session = sessionRole(p.arn);
  if (session) {
    for (const a of spec.arns) {
      const m = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(a);
      if (m && m[1] === session.partition && m[2] === session.account && m[3] === session.role) return 'direct';
    }
  }
  if (spec.accounts.has(p.accountId)) return 'account';
  return undefined;
}

/** Does the specification name this caller at all (directly or through its account)? */
export function principalMatches(spec: PrincipalSpec, p: RequestPrincipal): boolean {
  return principalMatch(spec, p) !== undefined;
}
