/**
 * iam:GetAccessKeyLastUsed: when, with which service and in which region an access key last authenticated a request
 * (recorded by auth/key-usage.ts). A key never used answers "N/A" for both and no date, as IAM does.
 */
import type { StoreReader } from '../../storage/store.js';
import * as E from './errors.js';

export interface AccessKeyLastUsed {
  userName: string;
  lastUsedAt?: number;
  serviceName: string;
  region: string;
}

const NOT_AVAILABLE = 'N/A';

export class AccessKeyLastUsedReader {
  constructor(private readonly store: Pick<StoreReader, 'getAccessKey' | 'getUser'>) {}

  /** The ARN a call about this key is authorized against: its owner's. An unknown key has none, so only `*` covers it. */
  async ownerArnFor(accountId: string, accessKeyId: string): Promise<string> {
    const key = await this.store.getAccessKey(accessKeyId);
    const owner = key && key.accountId === accountId ? await this.store.getUser(accountId, key.userName) : undefined;
    return owner?.arn ?? `arn:aws:iam::${accountId}:user/*`;
  }

  async lastUsed(accountId: string, accessKeyId: string): Promise<AccessKeyLastUsed> {
    const key = await this.store.getAccessKey(accessKeyId);
    if (!key || key.accountId !== accountId) throw E.noSuchAccessKey(accessKeyId);
    if (key.lastUsedAt === undefined) return { userName: key.userName, serviceName: NOT_AVAILABLE, region: NOT_AVAILABLE };
    return {
      userName: key.userName,
      lastUsedAt: key.lastUsedAt,
      serviceName: key.lastUsedService ?? NOT_AVAILABLE,
      region: key.lastUsedRegion ?? NOT_AVAILABLE,
    };
  }
}
