/**
 * IAM users, their access keys and their inline policies. Access key secrets are sealed before they reach the store
 * and are returned exactly once, by CreateAccessKey.
 */
import type { Envelope } from '../crypto/envelope.js';
import { parsePolicy } from '../policy/index.js';
import type { AccessKeyRecord, IamUserRecord, Store, StoreWriter, Tag, UserPolicyRecord } from '../../storage/store.js';
import { accessKeyContext, newAccessKeyId, newSecretAccessKey, newUserId } from './access-keys.js';
import * as E from './errors.js';

const MAX_KEYS_PER_USER = 2;

export class IamEngine {
  constructor(
    private readonly store: Store,
    private readonly envelope: Envelope,
    private readonly now: () => number = Date.now,
  ) {}

  async createUser(accountId: string, userName: string, path = '/', tags?: Tag[]): Promise<IamUserRecord> {
    return this.store.transaction(async (tx) => {
      if (await caseInsensitiveUser(tx, accountId, userName)) throw E.userExists(userName);
      const user: IamUserRecord = {
        accountId,
        userName,
        userId: newUserId(),
        arn: `arn:aws:iam::${accountId}:user${path}${userName}`,
        path,
        createdAt: this.now(),
      };
      if (tags !== undefined) user.tags = tags;
      await tx.insertUser(user);
      return user;
    });
  }

  /** The ARN a call on this user is authorized against: the user's real ARN (with its path), if it exists. */
  async userArnFor(accountId: string, userName: string): Promise<string> {
    return (await this.store.getUser(accountId, userName))?.arn ?? `arn:aws:iam::${accountId}:user/${userName}`;
  }

  async getUser(accountId: string, userName: string): Promise<IamUserRecord> {
    const user = await this.store.getUser(accountId, userName);
    if (!user) throw E.noSuchUser(userName);
    return user;
  }

  listUsers(accountId: string, pathPrefix = '/'): Promise<IamUserRecord[]> {
    return this.store.listUsers(accountId).then((users) => users.filter((u) => u.path.startsWith(pathPrefix)));
  }

  async deleteUser(accountId: string, userName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
      if ((await tx.listAccessKeys(accountId, userName)).length > 0) throw E.deleteKeysFirst();
      if ((await tx.listUserPolicies(accountId, userName)).length > 0) throw E.deletePoliciesFirst();
      if ((await tx.listAttachedPolicies(accountId, 'user', userName)).length > 0) throw E.detachPoliciesFirst();
      if ((await tx.listGroupsForUser(accountId, userName)).length > 0) throw E.leaveGroupsFirst();
      await tx.deleteUser(accountId, userName);
    });
  }

  /** Returns the key record and its secret: the only time the secret leaves Coffer. */
  async createAccessKey(accountId: string, userName: string): Promise<{ key: AccessKeyRecord; secretAccessKey: string }> {
    return this.store.transaction(async (tx) => {
      const user = await tx.getUser(accountId, userName);
      if (!user) throw E.noSuchUser(userName);
      if ((await tx.listAccessKeys(accountId, userName)).length >= MAX_KEYS_PER_USER) throw E.accessKeyQuota();
      const accessKeyId = newAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      const key: AccessKeyRecord = {
        accessKeyId,
        accountId,
        userName,
        sealedSecret: this.envelope.encrypt(accessKeyContext(user, accessKeyId), Buffer.from(secretAccessKey, 'utf8')),
        status: 'Active',
        createdAt: this.now(),
      };
      await tx.insertAccessKey(key);
      return { key, secretAccessKey };
    });
  }

  async listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]> {
    await this.getUser(accountId, userName);
    return this.store.listAccessKeys(accountId, userName);
  }

  async updateAccessKey(accountId: string, userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.ownedKey(tx, accountId, userName, accessKeyId);
      await tx.setAccessKeyStatus(accessKeyId, status);
    });
  }

  async deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.ownedKey(tx, accountId, userName, accessKeyId);
      await tx.deleteAccessKey(accessKeyId);
    });
  }

  async putUserPolicy(accountId: string, userName: string, policyName: string, document: string): Promise<void> {
    const parsed = parsePolicy(document, { kind: 'identity' });
    if (!parsed.ok) throw E.malformedPolicy(parsed.problems[0]!.message);
    await this.store.transaction(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
      await tx.putUserPolicy({ accountId, userName, policyName, document });
    });
  }

  async getUserPolicy(accountId: string, userName: string, policyName: string): Promise<UserPolicyRecord> {
    await this.getUser(accountId, userName);
    const policy = await this.store.getUserPolicy(accountId, userName, policyName);
    if (!policy) throw E.noSuchUserPolicy(policyName, userName);
    return policy;
  }

  async listUserPolicies(accountId: string, userName: string): Promise<string[]> {
    await this.getUser(accountId, userName);
    return (await this.store.listUserPolicies(accountId, userName)).map((p) => p.policyName);
  }

  async deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
      if (!(await tx.getUserPolicy(accountId, userName, policyName))) throw E.noSuchUserPolicy(policyName, userName);
      await tx.deleteUserPolicy(accountId, userName, policyName);
    });
  }

  private async ownedKey(tx: StoreWriter, accountId: string, userName: string, accessKeyId: string): Promise<AccessKeyRecord> {
    if (!(await tx.getUser(accountId, userName))) throw E.noSuchUser(userName);
    const key = await tx.getAccessKey(accessKeyId);
    if (!key || key.accountId !== accountId || key.userName !== userName) throw E.noSuchAccessKey(accessKeyId);
    return key;
  }
}

/** IAM user names are unique without regard to case. */
async function caseInsensitiveUser(tx: Pick<Store, 'listUsers'>, accountId: string, userName: string): Promise<boolean> {
  const lower = userName.toLowerCase();
  return (await tx.listUsers(accountId)).some((u) => u.userName.toLowerCase() === lower);
}
