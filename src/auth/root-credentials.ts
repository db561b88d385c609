/**
 * The account's root credentials: from COFFER_ROOT_ACCESS_KEY_ID / COFFER_ROOT_SECRET_ACCESS_KEY when set, otherwise
 * generated once and kept in the data dir (mode 0600).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileDurably } from '../lib/durable-file.js';

export const ROOT_CREDENTIALS_FILE = 'root-credentials.json';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  source: 'environment' | 'data-dir' | 'generated';
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
  let accessKeyId = 'AKIA';
  for (let i = 0; i < 16; i++) accessKeyId += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  const secretAccessKey = randomBytes(30).toString('base64');
  createFileDurably(path, `${JSON.stringify({ accessKeyId, secretAccessKey }, null, 2)}\n`, 0o600);
  return { accessKeyId, secretAccessKey, source: 'generated' };
}
