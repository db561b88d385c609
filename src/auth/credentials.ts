/**
 * Access key id → secret and principal, for SigV4: the account's root credentials, or an IAM user's active access
 * key (its secret unsealed from the store, its inline policies compiled). Decrypted secrets are kept in memory per
 * key, so a key's requests cost one indexed read each, not a decryption.
 */
import type { Envelope } from '../domain/crypto/envelope.js';
import { accessKeyContext } from '../domain/iam/access-keys.js';
import { PolicyCache, type CompiledPolicy } from '../domain/policy/index.js';
import type { Principal } from '../services/operation.js';
import type { Store } from '../storage/store.js';
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

  readonly lookup = async (accessKeyId: string): Promise<{ secretAccessKey: string; principal: Principal } | undefined> => {
    if (accessKeyId === this.rootCredentials.accessKeyId) return { secretAccessKey: this.rootCredentials.secretAccessKey, principal: this.root };
    if (!/^AKIA[A-Z0-9]{16}$/.test(accessKeyId)) return undefined;
    const key = await this.store.getAccessKey(accessKeyId);
    if (!key || key.status !== 'Active') return undefined;
    const user = await this.store.getUser(key.accountId, key.userName);
    if (!user) return undefined;
    const cached = this.secrets.get(accessKeyId);
    let secret: string;
    if (cached && cached.sealed.equals(key.sealedSecret.ciphertext)) {
      secret = cached.secret;
    } else {
      secret = this.envelope.decrypt(accessKeyContext(user, accessKeyId), key.sealedSecret).toString('utf8');
      this.secrets.set(accessKeyId, { sealed: key.sealedSecret.ciphertext, secret });
    }
    const identityPolicies: CompiledPolicy[] = [];
    for (const record of await this.store.listUserPolicies(user.accountId, user.userName)) {
      const parsed = policies.parse(record.document, 'identity');
      if (parsed.ok) identityPolicies.push(parsed.policy);
    }
    return {
      secretAccessKey: secret,
      principal: { type: 'IAMUser', accountId: user.accountId, arn: user.arn, accessKeyId, userId: user.userId, userName: user.userName, identityPolicies },
    };
  };
}
