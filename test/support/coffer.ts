/** Starts a real Coffer server on an ephemeral port with a fresh data dir, and builds real AWS clients for it. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCoffer, type CofferOptions, type RunningCoffer } from '../../src/app/coffer.js';

export interface TestCoffer extends RunningCoffer {
  client(region?: string): SecretsManagerClient;
  /** Stops the server and removes its data dir. */
  destroy(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'coffer-test-'));
}

export async function startTestCoffer(options: Partial<CofferOptions> = {}): Promise<TestCoffer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const coffer = await startCoffer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    accountId: '000000000000',
    env: {},
    ...options,
  });
  const clients: SecretsManagerClient[] = [];
  return {
    ...coffer,
    client(region = 'us-east-1') {
      const client = new SecretsManagerClient({
        endpoint: coffer.endpoint,
        region,
        credentials: { accessKeyId: coffer.rootCredentials.accessKeyId, secretAccessKey: coffer.rootCredentials.secretAccessKey },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async destroy() {
      for (const c of clients) c.destroy();
      await coffer.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` and returns the AWS error it throws (fails the test if it does not throw). */
export async function awsError(fn: () => Promise<unknown>): Promise<{ name: string; message: string; status: number }> {
  try {
    await fn();
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode ?? 0 };
  }
  throw new Error('expected an AWS error, but the call succeeded');
}
