/** What KMS leaves on disk: neither the plaintext it encrypted nor the data keys it handed out. */
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, ReEncryptCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCoffer, tempDataDir } from '../support/coffer.js';
import { Clients } from './kms-support.js';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function assertAbsent(needles: Buffer[]): void {
  const files = filesUnder(dataDir);
  expect(files.some((f) => f.endsWith('coffer.db'))).toBe(true);
  for (const file of files) {
    const bytes = readFileSync(file);
    needles.forEach((needle, i) => expect(bytes.includes(needle), `${file} contains needle ${i}`).toBe(false));
  }
}

describe('KMS at rest', () => {
  it('stores no plaintext it encrypted and no data key it generated', async () => {
    const coffer = await startTestCoffer({ dataDir });
    const clients = new Clients(coffer);
    const kms = clients.kms();
    const marker = Buffer.from(`KMS-PLAINTEXT-MARKER-${randomUUID()}`);
    const keyId = (await kms.send(new CreateKeyCommand({ Description: 'at rest' }))).KeyMetadata!.KeyId!;
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: marker, EncryptionContext: { purpose: 'scan' } }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    await kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { purpose: 'scan' }, DestinationKeyId: other }));
    const dataKeys: Buffer[] = [];
    for (let i = 0; i < 3; i++) dataKeys.push(Buffer.from((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))).Plaintext!));
    const needles: Buffer[] = [marker, Buffer.from(marker.toString('utf8'), 'utf16le'), Buffer.from(marker.toString('base64'))];
    for (const dk of dataKeys) needles.push(dk, Buffer.from(dk.toString('base64')), Buffer.from(dk.toString('hex')));

    assertAbsent(needles); // while running (write-ahead log included)
    clients.destroy();
    await coffer.close();
    assertAbsent(needles); // after a clean shutdown
  });
});
