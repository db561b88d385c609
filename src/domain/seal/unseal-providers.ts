/**
 * Auto-unseal: the root key stored wrapped by a key that lives outside the data dir, so a restart needs no operator.
 * Whoever holds both the data dir and that key can decrypt everything: keep them apart.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createFileDurably } from '../../lib/durable-file.js';
import { KEY_BYTES, newKey, open, seal } from '../crypto/aead.js';

/**
 * Wraps and unwraps the root key. Asynchronous on purpose: a provider backed by an external KMS (AWS KMS Encrypt /
 * Decrypt with a key the operator's cloud account controls, for example) is a network call, and is added by
 * implementing this interface; nothing else changes. `name` is stored next to the wrapped key.
 */
export interface UnsealProvider {
  readonly name: string;
  /** Where the wrapping key comes from, for logs and status (never the key itself). */
  readonly description: string;
  wrap(rootKey: Buffer): Promise<Buffer>;
  /** Throws when the blob was not wrapped by this provider's key. */
  unwrap(blob: Buffer): Promise<Buffer>;
}

export const UNSEAL_KEY_ENV = 'COFFER_UNSEAL_KEY';
const WRAP_AAD = Buffer.from('coffer/auto-unseal/v1');

/** AES-256-GCM under a local 32-byte key: the key-file and environment providers. */
class LocalKeyProvider implements UnsealProvider {
  constructor(
    readonly name: string,
    readonly description: string,
    private readonly key: Buffer,
  ) {}

  async wrap(rootKey: Buffer): Promise<Buffer> {
    return seal(this.key, rootKey, WRAP_AAD);
  }

  async unwrap(blob: Buffer): Promise<Buffer> {
    return open(this.key, blob, WRAP_AAD);
  }
}

/**
 * The key in a file: 32 random bytes in base64, created (mode 0600) when missing. A file other users can read is
 * refused, as ssh refuses a readable private key.
 */
export function keyFileProvider(path: string): UnsealProvider {
  if (!existsSync(path)) createFileDurably(path, `${newKey().toString('base64')}\n`, 0o600);
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`auto-unseal key file ${path} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it`);
  }
  return new LocalKeyProvider('key-file', `key file ${path}`, parseKey(readFileSync(path, 'utf8'), `auto-unseal key file ${path}`));
}

/** The key in the environment variable COFFER_UNSEAL_KEY (base64 of 32 bytes, e.g. `openssl rand -base64 32`). */
export function envProvider(env: NodeJS.ProcessEnv): UnsealProvider | undefined {
  const value = env[UNSEAL_KEY_ENV];
  if (value === undefined || value === '') return undefined;
  return new LocalKeyProvider('env', `environment variable ${UNSEAL_KEY_ENV}`, parseKey(value, UNSEAL_KEY_ENV));
}

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== trimmed) throw new Error(`${where} must hold ${KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return key;
}
