/**
 * sts:AssumeRole. The role's trust policy must let the caller in — naming it directly, or naming its account, in
 * which case the caller's own policies must also allow sts:AssumeRole on the role (root always may). The session
 * gets temporary credentials (ASIA… key, sealed secret, hashed token) and, when given, session policies (an inline
 * `Policy` and managed `PolicyArns`) that narrow what the role's policies allow, and session tags. Passing tags —
 * including the transitive tags a role session carries into the next role it assumes (role chaining) — needs
 * sts:TagSession, granted the same way as sts:AssumeRole.
 */
import { createHash } from 'node:crypto';
import type { Envelope } from '../crypto/envelope.js';
import { arnAccount, assertAllowed, evaluate, PolicyCache, type Caller, type RequestContext } from '../policy/index.js';
import type { RoleSessionRecord, Store, Tag } from '../../storage/store.js';
import { assumedRoleArn, newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId, sessionContext } from './access-keys.js';
import { isAwsManagedArn } from './aws-managed-policies.js';
import * as E from './errors.js';
import { managedPolicyInForce } from './principal-policies.js';

const trustPolicies = new PolicyCache(1_000);

const DEFAULT_DURATION_SECONDS = 3_600;
/** A role session that assumes another role gets at most one hour, whatever the role allows. */
const CHAINED_MAX_DURATION_SECONDS = 3_600;
/** Session policies (inline and managed ARNs) and session tags share this many characters of packed space. */
const PACKED_CHARACTERS = 2_048;

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  sessionPolicy?: string;
  /** Managed policies (customer managed of the role's account, or AWS managed) that narrow the session further. */
  policyArns?: string[];
  externalId?: string;
  tags?: Tag[];
  /** Keys of `tags` that pass on to sessions this session assumes. */
  transitiveTagKeys?: string[];
  /** Set when the caller is itself a role session (role chaining): the transitive tags it carries. */
  chainedFrom?: { transitiveTags: Readonly<Record<string, string>> };
}

export interface AssumedRole {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  assumedRoleId: string;
  arn: string;
  /** Percent of the packed space the session policies and tags use; only when any were passed. */
  packedPolicySize?: number;
}

export class AssumeRoleService {
  constructor(
    private readonly store: Store,
    private readonly envelope: Envelope,
    private readonly now: () => number = Date.now,
  ) {}

  async assumeRole(caller: Caller, accountId: string, input: AssumeRoleInput): Promise<AssumedRole> {
    const roleName = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(input.roleArn);
    const role = roleName && roleName[1] === accountId ? await this.store.getRole(accountId, roleName[2]!) : undefined;
    if (!role || role.arn !== input.roleArn) throw E.notAuthorizedOnRole(caller.principal.arn, 'sts:AssumeRole', input.roleArn);
    const tags = sessionTags(input);
    const context = trustContext(input, tags);
    this.assertTrusted(caller, 'sts:AssumeRole', role.arn, role.assumeRolePolicy, context);
    if (tags.all.length > 0) this.assertTrusted(caller, 'sts:TagSession', role.arn, role.assumeRolePolicy, context);
    const duration = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (input.chainedFrom && duration > CHAINED_MAX_DURATION_SECONDS) throw E.chainedDurationTooLong();
    if (duration > role.maxSessionDuration) throw E.durationTooLong();
    if (input.sessionPolicy !== undefined) {
      const parsed = trustPolicies.parse(input.sessionPolicy, 'identity');
      if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
    }
    const policyArns = input.policyArns ?? [];
    for (const arn of policyArns) {
      const sameAccount = isAwsManagedArn(arn) || arnAccount(arn) === accountId;
      if (!sameAccount || !(await managedPolicyInForce(this.store, arn))) throw E.noSuchSessionPolicy(arn);
    }
    const packed = packedPolicySize(input.sessionPolicy, policyArns, tags.all);
    if (packed !== undefined && packed > 100) throw E.packedPolicyTooLarge(packed);

    const accessKeyId = newTemporaryAccessKeyId();
    const secretAccessKey = newSecretAccessKey();
    const sessionToken = newSessionToken();
    const createdAt = this.now();
    const expiresAt = createdAt + duration * 1000;
    const session: RoleSessionRecord = {
      accessKeyId,
      accountId,
      roleName: role.roleName,
      sessionName: input.sessionName,
      sealedSecret: this.envelope.encrypt(sessionContext(role, accessKeyId), Buffer.from(secretAccessKey, 'utf8')),
      sessionTokenHash: createHash('sha256').update(sessionToken).digest('hex'),
      createdAt,
      expiresAt,
    };
    if (input.sessionPolicy !== undefined) session.sessionPolicy = input.sessionPolicy;
    if (policyArns.length > 0) session.policyArns = policyArns;
    if (tags.all.length > 0) session.sessionTags = tags.all;
    if (tags.transitiveKeys.length > 0) session.transitiveTagKeys = tags.transitiveKeys;
    await this.store.transaction(async (tx) => {
      await tx.deleteExpiredRoleSessions(createdAt);
      await tx.insertRoleSession(session);
    });
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiresAt,
      assumedRoleId: `${role.roleId}:${input.sessionName}`,
      arn: assumedRoleArn(role, input.sessionName),
      ...(packed !== undefined ? { packedPolicySize: packed } : {}),
    };
  }

  /** The trust policy allows `action` for the caller; through the caller's account only if its own policies do too. */
  private assertTrusted(caller: Caller, action: string, roleArn: string, trustDocument: string, context: RequestContext): void {
    const denied = () => E.notAuthorizedOnRole(caller.principal.arn, action, roleArn);
    const trust = trustPolicies.parse(trustDocument, 'trust');
    if (!trust.ok) throw denied();
    const request = { principal: { ...caller.principal, isRoot: false }, action, resource: roleArn, context };
    const result = evaluate(request, { identityPolicies: [], resourcePolicy: trust.policy });
    if (result.decision === 'Allow') return;
    const delegated = result.decision === 'ImplicitDeny' && result.matchedStatements.some((m) => m.effect === 'Allow');
    if (!delegated) throw denied();
    try {
      assertAllowed(caller, { action, resource: roleArn, context });
    } catch {
      throw denied();
    }
  }
}

/**
 * The session's tags: those passed, plus the transitive tags of the calling role session, which stay transitive
 * and may not be passed again. Keys are unique without regard to case.
 */
function sessionTags(input: AssumeRoleInput): { all: Tag[]; transitiveKeys: string[] } {
  const passed = input.tags ?? [];
  const passedKeys = new Set(passed.map((t) => t.Key.toLowerCase()));
  if (passedKeys.size < passed.length) throw E.duplicateSessionTagKeys();
  const inherited = Object.entries(input.chainedFrom?.transitiveTags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  if (inherited.some((t) => passedKeys.has(t.Key.toLowerCase()))) throw E.transitiveTagConflict();
  const transitive = input.transitiveTagKeys ?? [];
  if (transitive.some((k) => !passedKeys.has(k.toLowerCase()))) throw E.transitiveKeyNotInTags();
  return { all: [...passed, ...inherited], transitiveKeys: [...transitive, ...inherited.map((t) => t.Key)] };
}

/** What the trust policy's conditions see: the external id, the session name and the session tags requested. */
function trustContext(input: AssumeRoleInput, tags: { all: Tag[]; transitiveKeys: string[] }): RequestContext {
  const context: RequestContext = { 'sts:ExternalId': input.externalId, 'sts:RoleSessionName': input.sessionName };
  for (const tag of tags.all) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.all.length > 0) context['aws:TagKeys'] = tags.all.map((t) => t.Key);
  if (tags.transitiveKeys.length > 0) context['sts:TransitiveTagKeys'] = tags.transitiveKeys;
  return context;
}

/** Percent of the packed space used by the session policies and tags, or undefined when none were passed. */
function packedPolicySize(policy: string | undefined, policyArns: string[], tags: Tag[]): number | undefined {
  if (policy === undefined && policyArns.length === 0 && tags.length === 0) return undefined;
  let characters = policy?.length ?? 0;
  for (const arn of policyArns) characters += arn.length;
  for (const tag of tags) characters += tag.Key.length + tag.Value.length;
  return Math.ceil((characters * 100) / PACKED_CHARACTERS);
}
