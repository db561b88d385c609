/** The audit flags `coffer dev` and `coffer server` share (each also settable by a COFFER_AUDIT_* variable). */
import { resolve } from 'node:path';
import type { AuditOptions } from '../app/audit-setup.js';

export interface AuditFlags {
  auditFile?: string;
  auditStdout?: boolean;
  auditRetentionDays?: string | number;
  /** Seconds. */
  auditDigestInterval?: string | number;
}

/** Flag → environment variable. */
export const AUDIT_ENV = {
  auditFile: 'COFFER_AUDIT_FILE',
  auditStdout: 'COFFER_AUDIT_STDOUT',
  auditRetentionDays: 'COFFER_AUDIT_RETENTION_DAYS',
  auditDigestInterval: 'COFFER_AUDIT_DIGEST_INTERVAL',
} as const;

const MAX_RETENTION_DAYS = 36_500;
const MAX_DIGEST_INTERVAL_SECONDS = 86_400;

/** Validated options; throws an Error naming the flag when a value is out of range. */
export function auditOptionsFrom(flags: AuditFlags): AuditOptions {
  const options: AuditOptions = {};
  if (flags.auditFile !== undefined && flags.auditFile !== '') options.file = resolve(flags.auditFile);
  if (flags.auditStdout === true) options.stdout = true;
  if (flags.auditRetentionDays !== undefined) options.retentionDays = whole(flags.auditRetentionDays, 'audit retention days', MAX_RETENTION_DAYS);
  if (flags.auditDigestInterval !== undefined) {
    options.digestIntervalMs = whole(flags.auditDigestInterval, 'audit digest interval (seconds)', MAX_DIGEST_INTERVAL_SECONDS) * 1000;
  }
  return options;
}

/** A yes/no environment value (1/true/yes, 0/false/no). */
export function envFlag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got '${value}'`);
}

function whole(value: string | number, name: string, max: number): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got '${value}'`);
  return n;
}
