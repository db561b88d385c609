/**
 * `coffer server` settings: each from its flag, else its COFFER_* environment variable, else the JSON config file
 * (--config / COFFER_CONFIG; relative paths in it are relative to the file), else the default.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditOptions } from '../app/audit-setup.js';
import { AUDIT_ENV, auditOptionsFrom } from './audit-flags.js';

export interface ServerFlags {
  config?: string;
  port?: string;
  host?: string;
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  accountId?: string;
  logLevel?: string;
  autoUnsealKeyFile?: string;
  bootstrap?: string;
  auditFile?: string;
  auditStdout?: boolean;
  auditRetentionDays?: string;
  auditDigestInterval?: string;
}

export interface ServerSettings {
  port: number;
  host: string;
  dataDir: string;
  tls?: { certFile: string; keyFile: string };
  insecureHttp: boolean;
  accountId: string;
  logLevel: string;
  autoUnsealKeyFile?: string;
  /** Access setup applied at every start (see app/bootstrap.ts). */
  bootstrapFile?: string;
  audit: AuditOptions;
}

/** Setting → [environment variable, whether it is a path]. */
const SETTINGS = {
  port: ['COFFER_PORT', false],
  host: ['COFFER_HOST', false],
  dataDir: ['COFFER_DATA_DIR', true],
  tlsCert: ['COFFER_TLS_CERT', true],
  tlsKey: ['COFFER_TLS_KEY', true],
  insecureHttp: ['COFFER_INSECURE_HTTP', false],
  accountId: ['COFFER_ACCOUNT_ID', false],
  logLevel: ['COFFER_LOG_LEVEL', false],
  autoUnsealKeyFile: ['COFFER_AUTO_UNSEAL_KEY_FILE', true],
  bootstrap: ['COFFER_BOOTSTRAP', true],
  auditFile: [AUDIT_ENV.auditFile, true],
  auditStdout: [AUDIT_ENV.auditStdout, false],
  auditRetentionDays: [AUDIT_ENV.auditRetentionDays, false],
  auditDigestInterval: [AUDIT_ENV.auditDigestInterval, false],
} as const;

type Setting = keyof typeof SETTINGS;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class SettingsError extends Error {}

export function resolveServerSettings(flags: ServerFlags, env: NodeJS.ProcessEnv): ServerSettings {
  const configPath = flags.config ?? env.COFFER_CONFIG;
  const file = configPath ? readConfigFile(configPath) : {};
  const pick = (name: Setting): string | number | boolean | undefined => {
    const flag = flags[name];
    if (flag !== undefined) return typeof flag === 'string' && SETTINGS[name][1] ? resolve(flag) : flag;
    const fromEnv = env[SETTINGS[name][0]];
    if (fromEnv !== undefined && fromEnv !== '') return SETTINGS[name][1] ? resolve(fromEnv) : fromEnv;
    const fromFile = file[name];
    if (fromFile === undefined) return undefined;
    return typeof fromFile === 'string' && SETTINGS[name][1] ? resolve(dirname(resolve(configPath!)), fromFile) : fromFile;
  };
  const text = (name: Setting): string | undefined => {
    const value = pick(name);
    if (value === undefined || typeof value === 'string') return value;
    if (typeof value === 'number' && name === 'port') return String(value);
    throw new SettingsError(`${name} must be a string`);
  };

  const portText = text('port') ?? '8910';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new SettingsError(`port must be a number from 0 to 65535, got '${portText}'`);
  const accountId = text('accountId') ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new SettingsError(`account id must be 12 digits, got '${accountId}'`);
  const logLevel = text('logLevel') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new SettingsError(`log level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const certFile = text('tlsCert');
  const keyFile = text('tlsKey');
  if ((certFile === undefined) !== (keyFile === undefined)) throw new SettingsError('give both a TLS certificate (--tls-cert) and its key (--tls-key), or neither');
  const insecureHttp = flag(pick('insecureHttp'), 'insecure-http');
  if (certFile === undefined && !insecureHttp) {
    throw new SettingsError(
      'refusing to serve without TLS: give --tls-cert and --tls-key, or --insecure-http to serve plain HTTP (only behind a TLS-terminating proxy or on a trusted network)',
    );
  }
  const autoUnsealKeyFile = text('autoUnsealKeyFile');
  const bootstrapFile = text('bootstrap');
  const audit = auditOptionsFrom({
    auditFile: text('auditFile'),
    auditStdout: flag(pick('auditStdout'), 'audit-stdout'),
    auditRetentionDays: whole(pick('auditRetentionDays'), 'audit retention days'),
    auditDigestInterval: whole(pick('auditDigestInterval'), 'audit digest interval'),
  });
  return {
    port,
    host: text('host') ?? '127.0.0.1',
    dataDir: text('dataDir') ?? resolve('coffer-data'),
    ...(certFile !== undefined && keyFile !== undefined ? { tls: { certFile, keyFile } } : {}),
    insecureHttp,
    accountId,
    logLevel,
    ...(autoUnsealKeyFile !== undefined ? { autoUnsealKeyFile } : {}),
    ...(bootstrapFile !== undefined ? { bootstrapFile } : {}),
    audit,
  };
}

function whole(value: string | number | boolean | undefined, name: string): string | number | undefined {
  if (typeof value === 'boolean') throw new SettingsError(`${name} must be a whole number, got ${value}`);
  return value;
}

function flag(value: string | number | boolean | undefined, name: string): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  if (typeof value === 'number') throw new SettingsError(`${name} must be true or false, got ${value}`);
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  throw new SettingsError(`${name} must be true or false, got '${value}'`);
}

function readConfigFile(path: string): Partial<Record<Setting, string | number | boolean>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SettingsError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SettingsError(`the config file ${path} must hold a JSON object`);
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in SETTINGS)) throw new SettingsError(`unknown setting '${key}' in ${path}; known: ${Object.keys(SETTINGS).join(', ')}`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new SettingsError(`setting '${key}' in ${path} must be a string, number or boolean`);
  }
  return parsed as Partial<Record<Setting, string | number | boolean>>;
}
