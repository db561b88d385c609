/**
 * `coffer audit verify` and `coffer audit public-key`: offline checks of the audit trail, read straight from a data
 * dir (safe beside a running server: read-only) or from a JSON-lines sink file. Exit codes: 0 intact, 1 any
 * problem, 2 usage errors.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { trailFiles, verifyTrailFiles } from '../domain/audit/file-trail.js';
import { verifyStore, type Problem } from '../domain/audit/verify.js';
import { openAuditSnapshot, SnapshotError, type AuditSnapshot } from './audit-snapshot.js';

export interface VerifyFlags {
  dataDir?: string;
  file?: string;
  publicKey?: string;
}

export async function verify(flags: VerifyFlags): Promise<void> {
  if (flags.dataDir !== undefined && flags.file !== undefined) usage('give --data-dir or --file, not both');
  if (flags.file !== undefined) {
    if (flags.publicKey !== undefined) usage('--public-key checks digest signatures, which only a data dir has; a sink file has none');
    return verifyFile(resolve(flags.file));
  }
  const snapshot = open(dataDirOf(flags.dataDir));
  try {
    await verifySnapshot(snapshot, flags.publicKey);
  } finally {
    snapshot.close();
  }
}

export function publicKey(flags: { dataDir?: string }): void {
  const dataDir = dataDirOf(flags.dataDir);
  const snapshot = open(dataDir);
  try {
    const pem = snapshot.storedPublicKey();
    if (pem === undefined) {
      process.stderr.write(`coffer: ${dataDir} has no audit signing key yet: it is created when the server first runs unsealed.\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(pem.endsWith('\n') ? pem : `${pem}\n`);
  } finally {
    snapshot.close();
  }
}

async function verifySnapshot(snapshot: AuditSnapshot, keyFile: string | undefined): Promise<void> {
  const stored = snapshot.storedPublicKey();
  const given = keyFile !== undefined ? readPublicKey(keyFile) : undefined;
  if (given === undefined && stored !== undefined) {
    process.stderr.write(
      'warning: checking digest signatures with the public key stored in the same database; whoever can edit the database can replace it. Verify with an exported copy: --public-key <file> (from `coffer audit public-key`).\n',
    );
  }
  if (given !== undefined && stored !== undefined && !samePublicKey(given, stored)) {
    process.stderr.write('note: the given public key is not the one stored in the database.\n');
  }
  const key = given ?? stored;
  const report = await verifyStore(snapshot.reader, key);
  const digests = report.regions.reduce((sum, r) => sum + r.digests, 0);
  const lines = [`Audit trail in ${snapshot.path}`];
  if (report.regions.length === 0) lines.push('  no events yet');
  for (const r of report.regions) lines.push(`  ${r.region}: ${plural(r.events, 'event')}, ${plural(r.digests, 'digest')}`);
  lines.push(...report.problems.map(problemLine));
  if (key === undefined && digests > 0) {
    lines.push(`problem: cannot check ${plural(digests, 'digest signature')}: no public key in the database; give one with --public-key`);
  }
  const broken = report.problems.length > 0 || (key === undefined && digests > 0);
  lines.push(broken ? `BROKEN: ${plural(report.problems.length, 'problem')} found.` : `Intact: every event hash, chain link and ${plural(digests, 'digest signature')} check out.`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (broken) process.exitCode = 1;
}

function verifyFile(path: string): void {
  let files: string[];
  try {
    files = trailFiles(path);
  } catch (error) {
    usage(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (files.length === 0) usage(`no such file: ${path}`);
  const report = verifyTrailFiles(files);
  const lines = [`Audit trail in ${plural(files.length, 'file')}: ${files.join(', ')}`];
  if (report.regions.length === 0) lines.push('  no events');
  for (const r of report.regions) {
    const start = r.startsAtSeq === undefined ? '' : ` (the files begin mid-chain at seq ${r.startsAtSeq}: earlier events are not in them)`;
    lines.push(`  ${r.region}: ${plural(r.events, 'event')}${start}`);
  }
  lines.push(...report.problems.map(problemLine));
  lines.push(report.problems.length > 0 ? `BROKEN: ${plural(report.problems.length, 'problem')} found.` : 'Intact: every event hash and chain link checks out.');
  process.stdout.write(`${lines.join('\n')}\n`);
  if (report.problems.length > 0) process.exitCode = 1;
}

/** One line per problem, starting with its kind, the region, seq and event id, for people and for grep. */
function problemLine(p: Problem): string {
  const where = [p.region, p.seq !== undefined ? `seq ${p.seq}` : undefined, p.eventId !== undefined ? `event ${p.eventId}` : undefined].filter(Boolean).join(' ');
  return `problem: [${p.kind}] ${where}: ${p.message}`;
}

function readPublicKey(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    return usage(`cannot read the public key file ${file}: ${(error as Error).message}`);
  }
  let type: string | undefined;
  try {
    type = createPublicKey(pem).asymmetricKeyType;
  } catch {
    usage(`${file} does not hold a PEM public key`);
  }
  if (type !== 'ed25519') usage(`${file} is not an Ed25519 public key`);
  return pem;
}

function samePublicKey(a: string, b: string): boolean {
  const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
  try {
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}

function dataDirOf(flag: string | undefined): string {
  const dir = flag ?? (process.env.COFFER_DATA_DIR || undefined);
  if (dir === undefined) usage('give --data-dir <dir> (or set COFFER_DATA_DIR), or --file <path> to verify a sink file');
  return resolve(dir);
}

function open(dataDir: string): AuditSnapshot {
  try {
    return openAuditSnapshot(dataDir);
  } catch (error) {
    return usage(error instanceof SnapshotError ? error.message : `cannot open the database in ${dataDir}: ${(error as Error).message}`);
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function usage(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(2);
}
