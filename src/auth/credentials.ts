/**
 * Access key id → secret and principal, for SigV4: the account's root credentials, or an IAM user's active access
 * key (its secret unsealed from the store, its inline policies compiled). Decrypted secrets are kept in memory per
 * key, so a key's requests cost one indexed read each, not a decryption.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EncryptionContext, Envelope } from '../domain/crypto/envelope.js';
import { accessKeyContext, assumedRoleArn, sessionContext } from '../domain/iam/access-keys.js';
import type { Credential } from '../protocol/sigv4.js';
import { PolicyCache, type CompiledPolicy } from '../domain/policy/index.js';
import type { Principal } from '../services/operation.js';
import type { SealedValueRecord, Store } from '../storage/store.js';
import type { RootCredentials } from './root-credentials.js';

const policies = new PolicyCache(2_000);

export class CredentialResolver {
  private readonly secrets = new Map<string, { sealed: Buffer; secret: string }>();
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
    if (accessKeyId.startsWith('ASIA')) return this.sessionCredential(accessKeyId, securityToken);
    // Long-term credentials never come with a session token.
    if (securityToken !== undefined) return undefined;
    if (accessKeyId === this.rootCredentials.accessKeyId) return { secretAccessKey: this.rootCredentials.secretAccessKey, principal: this.root };
    if (!/^AKIA[A-Z0-9]{16}$/.test(accessKeyId)) return undefined;
    const key = await this.store.getAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    const user = await this.store.getUser(key.accountId, key.userName);
    if (!user) return undefined;
    const secret = this.unseal(accessKeyId, accessKeyContext(user, accessKeyId), key.sealedSecret);
    const documents = (await this.store.listUserPolicies(user.accountId, user.userName)).map((p) => p.document);
    for (const group of await this.store.listGroupsForUser(user.accountId, user.userName)) {
      for (const policy of await this.store.listGroupPolicies(group.accountId, group.groupName)) documents.push(policy.document);
    }
    const identityPolicies = compile(documents);
    return {
      secretAccessKey: secret,
      principal: {
        type: 'IAMUser',
        accountId: user.accountId,
        arn: user.arn,
        accessKeyId,
        userId: user.userId,
        userName: user.userName,
        tags: Object.fromEntries((user.tags ?? []).map((t) => [t.Key, t.Value])),
        identityPolicies,
      },
    };
  };

  /** Temporary credentials from sts:AssumeRole: the token must match; the role's policies apply, narrowed by the session policy. */
  private async sessionCredential(accessKeyId: string, securityToken: string | undefined): Promise<Credential<Principal> | undefined> {
    if (securityToken === undefined || !/^ASIA[A-Z0-9]{16}$/.test(accessKeyId)) return undefined;
    const session = await this.store.getRoleSession(accessKeyId);
    if (!session || !sameToken(session.sessionTokenHash, securityToken)) return undefined;
    const role = await this.store.getRole(session.accountId, session.roleName);
    if (!role) return undefined;
    const secret = this.unseal(accessKeyId, sessionContext(role, accessKeyId), session.sealedSecret);
    const identityPolicies = compile((await this.store.listRolePolicies(role.accountId, role.roleName)).map((p) => p.document));
    const guardrails = session.sessionPolicy === undefined ? [] : [{ name: 'session policy', policies: compile([session.sessionPolicy]) }];
    return {
      secretAccessKey: secret,
      expiresAt: session.expiresAt,
      principal: {
        type: 'AssumedRole',
        accountId: role.accountId,
        arn: assumedRoleArn(role, session.sessionName),
        accessKeyId,
        userId: `${role.roleId}:${session.sessionName}`,
        roleArn: role.arn,
        identityPolicies,
        guardrails,
      },
    };
  }

  private unseal(accessKeyId: string, context: EncryptionContext, sealed: SealedValueRecord): string {
    const cached = this.secrets.get(accessKeyId);
    if (cached && cached.sealed.equals(sealed.ciphertext)) return cached.secret;
    const secret = this.envelope.decrypt(context, sealed).toString('utf8');
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

function sameToken(storedHash: string, token: string): boolean {
  const given = createHash('sha256').update(token).digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}
