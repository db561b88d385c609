/** KMS aliases: friendly names for keys, unique per account and region; `alias/aws/…` is reserved for AWS. */
import type { KmsAliasRecord, KmsKeyRecord, Scope, Store } from '../../storage/store.js';
import * as E from './errors.js';
import { aliasArn } from './key-resolver.js';

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

export class KmsAliases {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async createAlias(scope: Scope, aliasName: string, target: KmsKeyRecord): Promise<void> {
    assertAliasName(aliasName);
    assertAliasTarget(target);
    await this.store.transaction(async (tx) => {
      if (await tx.getKmsAlias(scope, aliasName)) throw E.aliasExists(aliasArn(scope, aliasName));
      const at = this.now();
      await tx.putKmsAlias({ ...scope, aliasName, targetKeyId: target.keyId, createdAt: at, updatedAt: at });
    });
  }

  async updateAlias(scope: Scope, aliasName: string, target: KmsKeyRecord): Promise<void> {
    assertAliasName(aliasName);
    assertAliasTarget(target);
    await this.store.transaction(async (tx) => {
      const alias = await tx.getKmsAlias(scope, aliasName);
      if (!alias) throw E.aliasNotFound(aliasArn(scope, aliasName));
      await tx.putKmsAlias({ ...alias, targetKeyId: target.keyId, updatedAt: this.now() });
    });
  }

  async deleteAlias(scope: Scope, aliasName: string): Promise<void> {
    assertAliasName(aliasName);
    await this.store.transaction(async (tx) => {
      if (!(await tx.getKmsAlias(scope, aliasName))) throw E.aliasNotFound(aliasArn(scope, aliasName));
      await tx.deleteKmsAlias(scope, aliasName);
    });
  }

  async listAliases(scope: Scope, keyId?: string): Promise<KmsAliasRecord[]> {
    const aliases = await this.store.listKmsAliases(scope);
    return keyId === undefined ? aliases : aliases.filter((a) => a.targetKeyId === keyId);
  }
}

/** KMS's checks on an alias name beyond the model's pattern (which the request validator applies). */
export function assertAliasName(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) throw E.aliasWithoutPrefix();
  if (aliasName.startsWith('alias/aws/')) throw E.reservedAlias();
  if (!ALIAS_NAME.test(aliasName)) throw E.aliasInvalidCharacters(aliasName);
}

function assertAliasTarget(target: KmsKeyRecord): void {
  if (target.keyManager === 'AWS') throw E.awsManagedKey(target.arn, 'CreateAlias');
  if (target.keyState === 'PendingDeletion') throw E.pendingDeletion(target.arn);
}
