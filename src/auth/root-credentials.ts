/**
 * The account's root credentials. Dev mode: from COFFER_ROOT_ACCESS_KEY_ID / COFFER_ROOT_SECRET_ACCESS_KEY when set,
 * otherwise generated once and kept in the data dir (mode 0600). Server mode: generated at `coffer operator init`
 * and stored only sealed through the keyring (store meta 'root-credentials'), so they are readable only unsealed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncryptionContext, Envelope } from '../domain/crypto/envelope.js';
import { createFileDurably } from '../lib/durable-file.js';

export const ROOT_CREDENTIALS_FILE = 'root-credentials.json';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  source: 'environment' | 'data-dir' | 'generated' | 'sealed';
}

const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function loadRootCredentials(dataDir: string, env: NodeJS.ProcessEnv): RootCredentials {
  const fromEnv = { id: env.COFFER_ROOT_ACCESS_KEY_ID, secret: env.COFFER_ROOT_SECRET_ACCESS_KEY };
  if (fromEnv.id || fromEnv.secret) {
    if (!fromEnv.id || !fromEnv.secret) {
      throw new Error('set both COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY, or neither');
    }
    return { accessKeyId: fromEnv.id, secretAccessKey: fromEnv.secret, source: 'environment' };
  }
  const path = join(dataDir, ROOT_CREDENTIALS_FILE);
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    return { ...stored, source: 'data-dir' };
  }
  const { accessKeyId, secretAccessKey } = newRootCredentials();
  createFileDurably(path, `${JSON.stringify({ accessKeyId, secretAccessKey }, null, 2)}\n`, 0o600);
  return { accessKeyId, secretAccessKey, source: 'generated' };
}

export function newRootCredentials(): RootCredentials {
  let accessKeyId = 'AKIA';
  for (let i = 0; i < 16; i++) accessKeyId += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  return { accessKeyId, secretAccessKey: randomBytes(30).toString('base64'), source: 'generated' };
}

export const ROOT_CREDENTIALS_META_KEY = 'root-credentials';

/** Server mode's stored form: the key id in the clear, the secret sealed through the keyring. */
export function sealRootCredentials(envelope: Envelope, credentials: RootCredentials): Buffer {
  const sealed = envelope.encrypt(rootContext(credentials.accessKeyId), Buffer.from(credentials.secretAccessKey, 'utf8'));
  return Buffer.from(
    JSON.stringify({
      accessKeyId: credentials.accessKeyId,
      kekId: sealed.kekId,
      wrappedKey: sealed.wrappedKey.toString('base64'),
      ciphertext: sealed.ciphertext.toString('base64'),
    }),
  );
}

export function openRootCredentials(envelope: Envelope, stored: Buffer): RootCredentials {
  const parsed = JSON.parse(stored.toString('utf8')) as { accessKeyId: string; kekId: string; wrappedKey: string; ciphertext: string };
  const secret = envelope.decrypt(rootContext(parsed.accessKeyId), {
    kekId: parsed.kekId,
    wrappedKey: Buffer.from(parsed.wrappedKey, 'base64'),
    ciphertext: Buffer.from(parsed.ciphertext, 'base64'),
  });
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: secret.toString('utf8'), source: 'sealed' };
}

/** Bound to the key id, not the account id, so a server may change its --account-id. */
function rootContext(accessKeyId: string): EncryptionContext {
  return { accountId: '', region: 'coffer', secretArn: 'coffer:root-credentials', versionId: `root/${accessKeyId}` };
}
