/**
 * Tags on IAM users and roles. On these two entity types IAM treats tag keys without regard to case but keeps the
 * case they were first written in: tagging `department=hr` onto a user tagged `Department=finance` changes the value
 * of `Department`. At most 50 tags an entity. A user's or role's tags are its `aws:PrincipalTag/*` from its next
 * request on (the credential resolver reloads principals whenever the store changes).
 */
import type { IamRoleRecord, IamUserRecord, Store, Tag } from '../../storage/store.js';
import * as E from './errors.js';

const MAX_TAGS = 50;

export class EntityTagEngine {
  constructor(private readonly store: Store) {}

  async tagUser(accountId: string, userName: string, tags: Tag[]): Promise<void> {
    assertTagsValid(tags);
    await this.store.transaction(async (tx) => {
      const user = await tx.getUser(accountId, userName);
      if (!user) throw E.noSuchUser(userName);
      await tx.updateUser({ ...user, tags: merged(user.tags, tags, 'User') });
    });
  }

  async untagUser(accountId: string, userName: string, keys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await tx.getUser(accountId, userName);
      if (!user) throw E.noSuchUser(userName);
      await tx.updateUser({ ...user, tags: without(user.tags, keys) });
    });
  }

  async listUserTags(accountId: string, userName: string): Promise<Tag[]> {
    const user: IamUserRecord | undefined = await this.store.getUser(accountId, userName);
    if (!user) throw E.noSuchUser(userName);
    return sortedByKey(user.tags);
  }

  async tagRole(accountId: string, roleName: string, tags: Tag[]): Promise<void> {
    assertTagsValid(tags);
    await this.store.transaction(async (tx) => {
      const role = await tx.getRole(accountId, roleName);
      if (!role) throw E.noSuchRole(roleName);
      await tx.updateRole({ ...role, tags: merged(role.tags, tags, 'Role') });
    });
  }

  async untagRole(accountId: string, roleName: string, keys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const role = await tx.getRole(accountId, roleName);
      if (!role) throw E.noSuchRole(roleName);
      await tx.updateRole({ ...role, tags: without(role.tags, keys) });
    });
  }

  async listRoleTags(accountId: string, roleName: string): Promise<Tag[]> {
    const role: IamRoleRecord | undefined = await this.store.getRole(accountId, roleName);
    if (!role) throw E.noSuchRole(roleName);
    return sortedByKey(role.tags);
  }
}

/** The tags a request may put on a user or role (CreateUser, CreateRole, TagUser, TagRole). */
export function assertTagsValid(tags: readonly Tag[]): void {
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size < tags.length) throw E.duplicateTagKeys();
  if (tags.some((t) => t.Key.toLowerCase().startsWith('aws:') || t.Value.toLowerCase().startsWith('aws:'))) throw E.reservedTagPrefix();
}

function merged(current: Tag[] | undefined, added: readonly Tag[], entity: 'User' | 'Role'): Tag[] {
  const tags = (current ?? []).map((t) => ({ ...t }));
  for (const tag of added) {
    const existing = tags.find((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (existing) existing.Value = tag.Value;
    else tags.push({ Key: tag.Key, Value: tag.Value });
  }
  if (tags.length > MAX_TAGS) throw E.tagQuota(entity);
  return tags;
}

function without(current: Tag[] | undefined, keys: readonly string[]): Tag[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return (current ?? []).filter((t) => !removed.has(t.Key.toLowerCase()));
}

/** IAM lists tags sorted by key. */
function sortedByKey(tags: Tag[] | undefined): Tag[] {
  return [...(tags ?? [])].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
}
