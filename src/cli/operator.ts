/**
 * `coffer operator init|unseal|seal|rekey|rotate-root` and `coffer status`: clients of the server's /sys/ API.
 * The endpoint comes from --endpoint or COFFER_ENDPOINT; shares are printed only by the commands that make them.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_ENDPOINT, OperatorClient, OperatorError, type Credentials } from './operator-client.js';
import { Prompter } from './prompt.js';

export interface ConnectionOptions {
  endpoint?: string;
  caCert?: string;
  format?: string;
}

interface SealStatus {
  initialized: boolean;
  sealed: boolean;
  shares: number;
  threshold: number;
  progress: number;
  autoUnseal: string | null;
  mode: string;
}

export async function init(opts: ConnectionOptions & { keyShares: string; keyThreshold: string }): Promise<void> {
  await run(opts, async (client, json) => {
    const result = await client.post('/sys/init', { keyShares: whole(opts.keyShares, '--key-shares'), keyThreshold: whole(opts.keyThreshold, '--key-threshold') });
    const shares = result.unsealShares as string[];
    if (json) {
      print({ unsealShares: shares, rootAccessKeyId: result.rootAccessKeyId, rootSecretAccessKey: result.rootSecretAccessKey });
      return;
    }
    const lines = shares.map((share, i) => `Unseal share ${i + 1}: ${share}`);
    lines.push(
      '',
      `Root access key id:     ${String(result.rootAccessKeyId)}`,
      `Root secret access key: ${String(result.rootSecretAccessKey)}`,
      '',
      `Coffer is initialized and unsealed. These are shown only this once: give each share to a different person.`,
      `After a restart or a seal, ${opts.keyThreshold} of the ${shares.length} shares unseal it (coffer operator unseal).`,
    );
    if (result.autoUnseal) lines.push(`Auto-unseal (${String(result.autoUnseal)}) is set up: restarts unseal by themselves.`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

export async function unseal(share: string | undefined, opts: ConnectionOptions): Promise<void> {
  await run(opts, async (client, json) => {
    let status = (await client.get('/sys/seal-status')) as unknown as SealStatus;
    if (status.sealed && status.initialized) {
      const prompter = new Prompter();
      try {
        const given = share ?? (await prompter.hidden(`Unseal share (${status.progress + 1} of ${status.threshold}, input hidden): `));
        status = (await client.post('/sys/unseal', { share: given })) as unknown as SealStatus;
      } finally {
        prompter.close();
      }
    } else if (!status.initialized) {
      throw new OperatorError('Coffer is not initialized: run `coffer operator init` first.');
    }
    if (json) print(status);
    else process.stdout.write(status.sealed ? `Unseal progress: ${status.progress} of ${status.threshold} shares. Coffer is still sealed.\n` : 'Coffer is unsealed.\n');
  });
}

export async function seal(opts: ConnectionOptions): Promise<void> {
  await run(opts, async (client, json) => {
    const status = await client.signedPost('/sys/seal', {}, rootCredentials());
    if (json) print(status);
    else process.stdout.write('Coffer is sealed. Every API call fails until an operator unseals it (coffer operator unseal).\n');
  });
}

export async function status(opts: ConnectionOptions): Promise<void> {
  let sealed = true;
  await run(opts, async (client, json) => {
    const current = (await client.get('/sys/seal-status')) as unknown as SealStatus;
    sealed = current.sealed;
    if (json) {
      print(current);
      return;
    }
    const lines = [
      `Endpoint:     ${endpointOf(opts)}`,
      `Mode:         ${current.mode}`,
      `Initialized:  ${current.initialized}`,
      `Sealed:       ${current.sealed}`,
    ];
    if (current.mode === 'server' && current.initialized) {
      lines.push(`Key shares:   ${current.shares}`, `Threshold:    ${current.threshold}`, `Progress:     ${current.progress}`, `Auto-unseal:  ${current.autoUnseal ?? 'off'}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  // As `vault status`: exit 2 while sealed, so scripts can wait for an unseal.
  if (sealed) process.exitCode = 2;
}

export async function rekey(opts: ConnectionOptions & { keyShares: string; keyThreshold: string }): Promise<void> {
  await run(opts, async (client, json) => {
    const keyShares = whole(opts.keyShares, '--key-shares');
    const keyThreshold = whole(opts.keyThreshold, '--key-threshold');
    const shares = await currentShares(client);
    const result = await client.post('/sys/rekey', { shares, keyShares, keyThreshold });
    printNewShares(result, json, `Coffer has ${keyShares} new unseal shares (threshold ${keyThreshold}) for the same root key; the previous shares no longer unseal it.`);
  });
}

export async function rotateRoot(opts: ConnectionOptions): Promise<void> {
  await run(opts, async (client, json) => {
    const shares = await currentShares(client);
    const result = await client.post('/sys/rotate-root', { shares });
    printNewShares(result, json, 'The root key was replaced and the keyring sealed again under it; no secret was re-encrypted. The previous shares are now useless.');
  });
}

/** Prompts for (or reads from standard input) as many current shares as the threshold needs. */
async function currentShares(client: OperatorClient): Promise<string[]> {
  const status = (await client.get('/sys/seal-status')) as unknown as SealStatus;
  if (!status.initialized) throw new OperatorError('Coffer is not initialized: run `coffer operator init` first.');
  if (status.sealed) throw new OperatorError('Coffer is sealed: unseal it first (coffer operator unseal).');
  const prompter = new Prompter();
  try {
    const shares: string[] = [];
    for (let i = 1; i <= status.threshold; i++) shares.push(await prompter.hidden(`Current unseal share ${i} of ${status.threshold} (input hidden): `));
    return shares;
  } finally {
    prompter.close();
  }
}

function printNewShares(result: Record<string, unknown>, json: boolean, summary: string): void {
  if (json) {
    print(result);
    return;
  }
  const lines = (result.unsealShares as string[]).map((share, i) => `New unseal share ${i + 1}: ${share}`);
  lines.push('', summary);
  if (result.autoUnseal) lines.push(`The auto-unseal copy (${String(result.autoUnseal)}) was updated.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function rootCredentials(): Credentials {
  const env = process.env;
  const pairs: Array<[string | undefined, string | undefined]> = [
    [env.COFFER_ROOT_ACCESS_KEY_ID, env.COFFER_ROOT_SECRET_ACCESS_KEY],
    [env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY],
  ];
  for (const [accessKeyId, secretAccessKey] of pairs) if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  throw new OperatorError('sealing needs the root credentials: set COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)');
}

async function run(opts: ConnectionOptions, fn: (client: OperatorClient, json: boolean) => Promise<void>): Promise<void> {
  try {
    if (opts.format !== undefined && opts.format !== 'json' && opts.format !== 'text') throw new OperatorError(`--format must be text or json, got '${opts.format}'`);
    const ca = opts.caCert ? readFileSync(opts.caCert) : undefined;
    await fn(new OperatorClient(endpointOf(opts), ca), opts.format === 'json');
  } catch (error) {
    process.stderr.write(`coffer: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

function endpointOf(opts: ConnectionOptions): string {
  return opts.endpoint ?? process.env.COFFER_ENDPOINT ?? DEFAULT_ENDPOINT;
}

function whole(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw new OperatorError(`${name} must be a whole number, got '${text}'`);
  return Number(text);
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
