/** A KMS client (and IAM client) for a test Coffer, signed with given credentials (the root user's by default). */
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import type { TestCoffer } from '../support/coffer.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export class Clients {
  private readonly made: { destroy(): void }[] = [];

  constructor(private readonly coffer: TestCoffer) {}

  kms(credentials: Credentials = this.coffer.rootCredentials, region = 'us-east-1'): KMSClient {
    return this.track(new KMSClient({ endpoint: this.coffer.endpoint, region, credentials, maxAttempts: 1 }));
  }

  iam(credentials: Credentials = this.coffer.rootCredentials): IAMClient {
    return this.track(new IAMClient({ endpoint: this.coffer.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }));
  }

  destroy(): void {
    for (const c of this.made) c.destroy();
  }

  private track<T extends { destroy(): void }>(client: T): T {
    this.made.push(client);
    return client;
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function keyArnOf(keyId: string, region = 'us-east-1', account = '000000000000'): string {
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}
