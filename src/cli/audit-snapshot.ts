/**
 * A read-only view of a data dir's audit trail for `coffer audit`: its own read-only connections (never a writer,
 * so it runs beside a live server and can change nothing), the trail read inside one read transaction, so the events
 * and digests it sees belong to the same commit even while the server keeps appending and signing.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_META } from '../domain/audit/signer.js';
import { AuditStatements } from '../storage/sqlite/audit-statements.js';
import { AUDIT_MIGRATIONS, MIGRATIONS } from '../storage/sqlite/migrations.js';
import { auditPathFor } from '../storage/sqlite/sqlite-store.js';
import type { AuditReader } from '../storage/store.js';

export interface AuditSnapshot {
  /** The audit trail's database file. */
  path: string;
  reader: Pick<AuditReader, 'auditRegions' | 'auditEventsAfter' | 'listAuditDigests'>;
  /** The public key PEM kept in the main database's meta table, if a signing key was created. */
  storedPublicKey(): string | undefined;
  close(): void;
}

export class SnapshotError extends Error {}

export function openAuditSnapshot(dataDir: string): AuditSnapshot {
  const mainPath = join(dataDir, 'coffer.db');
  const auditPath = auditPathFor(mainPath);
  const main = openReadOnly(mainPath, MIGRATIONS.length);
  let trail: Database.Database;
  try {
    trail = openReadOnly(auditPath, AUDIT_MIGRATIONS.length);
  } catch (error) {
    main.close();
    throw error;
  }
  const audit = new AuditStatements(trail);
  const meta = main.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?');
  trail.exec('BEGIN');
  return {
    path: auditPath,
    reader: {
      auditRegions: async () => audit.auditRegions(),
      auditEventsAfter: async (region: string, afterSeq: number, limit: number) => audit.auditEventsAfter(region, afterSeq, limit),
      listAuditDigests: async (region: string) => audit.listAuditDigests(region),
    },
    storedPublicKey: () => meta.get(PUBLIC_META)?.value.toString('utf8'),
    close: () => {
      if (trail.inTransaction) trail.exec('COMMIT');
      trail.close();
      main.close();
    },
  };
}

function openReadOnly(path: string, schemaVersion: number): Database.Database {
  if (!existsSync(path)) throw new SnapshotError(`no Coffer database at ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > schemaVersion) throw new SnapshotError(`the database ${path} was written by a newer Coffer (schema ${version}); use that version`);
    if (version < schemaVersion) {
      throw new SnapshotError(`the database ${path} has an older schema (${version} of ${schemaVersion}); start this Coffer's server on it once to upgrade it`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
