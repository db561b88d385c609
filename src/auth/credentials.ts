/**
 * Access key id → secret and principal, for SigV4: the account's root credentials, an IAM user's active access
 * key, or temporary credentials from STS (AssumeRole, GetSessionToken). Secrets are unsealed from the store and the
 * principal's policies compiled once; both are kept per key until the store changes, so a key's requests cost a
 * map lookup while nothing changes and a handful of indexed reads after a change.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EncryptionContext, Envelope } from '../domain/crypto/envelope.js';
import { accessKeyContext, assumedRoleArn, sessionContext, userSessionContext } from '../domain/iam/access-keys.js';
import { managedPolicyInForce, rolePolicies, userPolicies } from '../domain/iam/principal-policies.js';
import type { Credential } from '../protocol/sigv4.js';
import { PolicyCache, type CompiledPolicy, type GuardrailSet } from '../domain/policy/index.js';
import type { Principal } from '../services/operation.js';
import type { IamUserRecord, RoleSessionRecord, SealedValueRecord, Store, Tag, UserSessionRecord } from '../storage/store.js';
import type { RootCredentials } from './root-credentials.js';

const policies = new PolicyCache(2_000);
const MAX_RESOLVED = 10_000;

/**
 * What GetSessionToken credentials (without MFA, which Coffer does not have) may not do, as on AWS: call IAM, or
 * STS beyond AssumeRole and GetCallerIdentity.
 */
const SESSION_TOKEN_LIMITS: GuardrailSet = {
  name: 'session token',
  policies: compile([
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' },
        { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:GetCallerIdentity'], Resource: '*' },
      ],
    }),
  ]),
};

export class CredentialResolver {
  private readonly secrets = new Map<string, { sealed: Buffer; secret: string }>();
  private readonly resolved = new Map<string, { marker: number; token: string | undefined; credential: Credential<Principal> }>();
  private readonly root: Principal;

  constructor(
    private readonly rootCredentials: RootCredentials,
    accountId: string,
    private readonly store: Store,
    private readonly envelope: Envelope,
  ) {
    this.root = {
      type: 'Root',
      accountId,
      arn: `arn:aws:iam::${accountId}:root`,
      accessKeyId: rootCredentials.accessKeyId,
      userId: accountId,
      identityPolicies: [],
    };
  }

  readonly lookup = async (accessKeyId: string, securityToken: string | undefined): Promise<Credential<Principal> | undefined> => {
    if (accessKeyId === this.rootCredentials.accessKeyId) {
      // Long-term credentials never come with a session token.
      return securityToken === undefined ? { secretAccessKey: this.rootCredentials.secretAccessKey, principal: this.root } : undefined;
    }
    const marker = this.store.changeMarker();
    const hit = this.resolved.get(accessKeyId);
    if (hit && hit.marker === marker && hit.token === securityToken) return hit.credential;
    const credential = await this.resolve(accessKeyId, securityToken);
    if (credential) {
      if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
      this.resolved.set(accessKeyId, { marker, token: securityToken, credential });
    } else {
      this.resolved.delete(accessKeyId);
    }
    return credential;
  };

  /** Forgets every unsealed secret and resolved principal (on seal). */
  clear(): void {
    this.secrets.clear();
    this.resolved.clear();
  }

  private async resolve(accessKeyId: string, securityToken: string | undefined): Promise<Credential<Principal> | undefined> {
    if (accessKeyId.startsWith('ASIA')) return this.temporaryCredential(accessKeyId, securityToken);
    if (securityToken !== undefined || !/^AKIA[A-Z0-9]{16}$/.test(accessKeyId)) return undefined;
    const key = await this.store.getAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    const user = await this.store.getUser(key.accountId, key.userName);
    if (!user) return undefined;
    const secret = this.unseal(accessKeyId, accessKeyContext(user, accessKeyId), key.sealedSecret);
    return { secretAccessKey: secret, principal: await this.userPrincipal(user, accessKeyId) };
  }

  private async temporaryCredential(accessKeyId: string, securityToken: string | undefined): Promise<Credential<Principal> | undefined> {
    if (securityToken === undefined || !/^ASIA[A-Z0-9]{16}$/.test(accessKeyId)) return undefined;
    const roleSession = await this.store.getRoleSession(accessKeyId);
    if (roleSession) return sameToken(roleSession.sessionTokenHash, securityToken) ? this.roleSessionCredential(roleSession) : undefined;
    const userSession = await this.store.getUserSession(accessKeyId);
    if (userSession) return sameToken(userSession.sessionTokenHash, securityToken) ? this.userSessionCredential(userSession) : undefined;
    return undefined;
  }

  /** sts:AssumeRole credentials: the role's policies, narrowed by the session policies; role tags overridden by session tags. */
  private async roleSessionCredential(session: RoleSessionRecord): Promise<Credential<Principal> | undefined> {
    const role = await this.store.getRole(session.accountId, session.roleName);
    if (!role) return undefined;
    const secret = this.unseal(session.accessKeyId, sessionContext(role, session.accessKeyId), session.sealedSecret);
    const identityPolicies = compile((await rolePolicies(this.store, role.accountId, role.roleName)).map((p) => p.document));
    const sessionDocuments = session.sessionPolicy === undefined ? [] : [session.sessionPolicy];
    for (const arn of session.policyArns ?? []) {
      const managed = await managedPolicyInForce(this.store, arn);
      if (managed) sessionDocuments.push(managed.document);
    }
    const hasSessionPolicies = session.sessionPolicy !== undefined || (session.policyArns ?? []).length > 0;
    const guardrails = hasSessionPolicies ? [{ name: 'session policy', policies: compile(sessionDocuments) }] : [];
    const sessionTags = tagMap(session.sessionTags);
    const transitive = new Set((session.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
    return {
      secretAccessKey: secret,
      expiresAt: session.expiresAt,
      principal: {
        type: 'AssumedRole',
        accountId: role.accountId,
        arn: assumedRoleArn(role, session.sessionName),
        accessKeyId: session.accessKeyId,
        userId: `${role.roleId}:${session.sessionName}`,
        roleArn: role.arn,
        sessionIssuedAt: session.createdAt,
        tags: { ...tagMap(role.tags), ...sessionTags },
        transitiveTags: Object.fromEntries(Object.entries(sessionTags).filter(([k]) => transitive.has(k.toLowerCase()))),
        identityPolicies,
        guardrails,
      },
    };
  }

  /** sts:GetSessionToken credentials: the user's (or root's) own permissions, within the session-token limits. */
  private async userSessionCredential(session: UserSessionRecord): Promise<Credential<Principal> | undefined> {
    if (session.userName === undefined) {
      if (session.accountId !== this.root.accountId) return undefined;
      const secret = this.unseal(session.accessKeyId, userSessionContext(session.accountId, this.root.arn, session.accessKeyId), session.sealedSecret);
      return {
        secretAccessKey: secret,
        expiresAt: session.expiresAt,
        principal: { ...this.root, accessKeyId: session.accessKeyId, sessionIssuedAt: session.createdAt, guardrails: [SESSION_TOKEN_LIMITS] },
      };
    }
    const user = await this.store.getUser(session.accountId, session.userName);
    if (!user) return undefined;
    const secret = this.unseal(session.accessKeyId, userSessionContext(user.accountId, user.arn, session.accessKeyId), session.sealedSecret);
    const principal = await this.userPrincipal(user, session.accessKeyId);
    return {
      secretAccessKey: secret,
      expiresAt: session.expiresAt,
      principal: { ...principal, sessionIssuedAt: session.createdAt, guardrails: [SESSION_TOKEN_LIMITS] },
    };
  }

  private async userPrincipal(user: IamUserRecord, accessKeyId: string): Promise<Principal> {
    return {
      type: 'IAMUser',
      accountId: user.accountId,
      arn: user.arn,
      accessKeyId,
      userId: user.userId,
      userName: user.userName,
      tags: tagMap(user.tags),
      identityPolicies: compile((await userPolicies(this.store, user.accountId, user.userName)).map((p) => p.document)),
    };
  }

  private unseal(accessKeyId: string, context: EncryptionContext, sealed: SealedValueRecord): string {
    const cached = this.secrets.get(accessKeyId);
    if (cached && cached.sealed.equals(sealed.ciphertext)) return cached.secret;
    const secret = this.envelope.decrypt(context, sealed).toString('utf8');
    if (this.secrets.size >= MAX_RESOLVED) this.secrets.clear();
    this.secrets.set(accessKeyId, { sealed: sealed.ciphertext, secret });
    return secret;
  }
}

function compile(documents: string[]): CompiledPolicy[] {
  const compiled: CompiledPolicy[] = [];
  for (const document of documents) {
    const parsed = policies.parse(document, 'identity');
    if (parsed.ok) compiled.push(parsed.policy);
  }
  return compiled;
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
}

function sameToken(storedHash: string, token: string): boolean {
  const given = createHash('sha256').update(token).digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}
