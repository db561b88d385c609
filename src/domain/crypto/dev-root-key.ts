/**
 * Dev mode keeps the root key in a file in the data dir. That is convenient and NOT safe for production: anyone who
 * can read the data dir can decrypt every secret. The sealed production flow replaces this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileDurably } from '../../lib/durable-file.js';
import { KEY_BYTES, newKey } from './aead.js';

export const DEV_ROOT_KEY_FILE = 'dev-root.key';

export function loadOrCreateDevRootKey(dataDir: string): Buffer {
  const path = join(dataDir, DEV_ROOT_KEY_FILE);
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte base64 root key`);
    return key;
  }
  const key = newKey();
  createFileDurably(path, `${key.toString('base64')}\n`, 0o600);
  return key;
}
