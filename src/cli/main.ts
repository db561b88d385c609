/**
 * The `coffer` command line. Each command's module is loaded when it runs, so the operator commands start without
 * loading the server.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { DevOptions } from './dev.js';
import type { ConnectionOptions } from './operator.js';
import type { ServerFlags } from './server-config.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const operator = () => import('./operator.js');

export async function run(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('coffer').description('A self-hosted secrets manager that speaks the AWS Secrets Manager API.').version(VERSION);
  program
    .command('dev')
    .description('Run a development server with an embedded SQLite database (the root key lives in the data dir: not for production).')
    .option('--port <port>', 'TCP port to listen on [env COFFER_PORT]', process.env.COFFER_PORT ?? '8910')
    .option('--host <host>', 'address to listen on [env COFFER_HOST]', process.env.COFFER_HOST ?? '127.0.0.1')
    .option('--data-dir <dir>', 'where the database, root key and root credentials live [env COFFER_DATA_DIR]', process.env.COFFER_DATA_DIR ?? './.coffer')
    .option('--account-id <id>', '12-digit AWS account id of this server [env COFFER_ACCOUNT_ID]', process.env.COFFER_ACCOUNT_ID ?? '000000000000')
    .option('--workers <n>', 'worker processes sharing the port and database; use the number of cores to use them all [env COFFER_WORKERS]', process.env.COFFER_WORKERS ?? '1')
    .option('--bootstrap <file>', 'JSON file of users, groups, roles and policies to apply at start, idempotently [env COFFER_BOOTSTRAP]', process.env.COFFER_BOOTSTRAP)
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace [env COFFER_LOG_LEVEL]', process.env.COFFER_LOG_LEVEL ?? 'info')
    .option('--audit-file <path>', 'also append the audit trail to this JSON-lines file, rotated at 100 MiB [env COFFER_AUDIT_FILE]', process.env.COFFER_AUDIT_FILE || undefined)
    .option('--audit-stdout', 'also write the audit trail to stdout as JSON lines [env COFFER_AUDIT_STDOUT]')
    .option('--audit-retention-days <n>', 'prune audit events older than this (default 90) [env COFFER_AUDIT_RETENTION_DAYS]', process.env.COFFER_AUDIT_RETENTION_DAYS || undefined)
    .option('--audit-digest-interval <seconds>', 'sign an audit digest this often (default 300) [env COFFER_AUDIT_DIGEST_INTERVAL]', process.env.COFFER_AUDIT_DIGEST_INTERVAL || undefined)
    .action(async (opts: DevOptions) => {
      await (await import('./dev.js')).runDev(opts);
    });
  program
    .command('server')
    .description('Run the production server: it starts sealed (the root key exists only as unseal shares) and serves HTTPS.')
    .option('--config <file>', 'JSON file with any of the settings below, by their camelCase names [env COFFER_CONFIG]')
    .option('--port <port>', 'TCP port to listen on (default 8910) [env COFFER_PORT]')
    .option('--host <host>', 'address to listen on (default 127.0.0.1) [env COFFER_HOST]')
    .option('--data-dir <dir>', 'where the database lives (default ./coffer-data) [env COFFER_DATA_DIR]')
    .option('--tls-cert <file>', 'PEM certificate (chain) for HTTPS [env COFFER_TLS_CERT]')
    .option('--tls-key <file>', 'PEM private key of the certificate [env COFFER_TLS_KEY]')
    .option('--insecure-http', 'serve plain HTTP without TLS (behind a TLS-terminating proxy only) [env COFFER_INSECURE_HTTP]')
    .option('--account-id <id>', '12-digit AWS account id of this server (default 000000000000) [env COFFER_ACCOUNT_ID]')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (default info) [env COFFER_LOG_LEVEL]')
    .option('--bootstrap <file>', 'JSON file of users, groups, roles and policies to apply at every start, idempotently [env COFFER_BOOTSTRAP]')
    .option('--auto-unseal-key-file <file>', 'unseal at start with a copy of the root key wrapped by the key in this file (created, mode 0600, if missing); or set COFFER_UNSEAL_KEY [env COFFER_AUTO_UNSEAL_KEY_FILE]')
    .option('--audit-file <path>', 'also append the audit trail to this JSON-lines file, rotated at 100 MiB [env COFFER_AUDIT_FILE]')
    .option('--audit-stdout', 'also write the audit trail to stdout as JSON lines [env COFFER_AUDIT_STDOUT]')
    .option('--audit-retention-days <n>', 'prune audit events older than this (default 90) [env COFFER_AUDIT_RETENTION_DAYS]')
    .option('--audit-digest-interval <seconds>', 'sign an audit digest this often (default 300) [env COFFER_AUDIT_DIGEST_INTERVAL]')
    .action(async (opts: ServerFlags) => {
      await (await import('./server.js')).runServer(opts);
    });

  const operatorCommand = program.command('operator').description('Initialize, unseal, seal, rekey and rotate the root key of a Coffer server.');
  connection(operatorCommand.command('init').description('Create the root key, split it into unseal shares, and print them and the root credentials once.'))
    .requiredOption('--key-shares <n>', 'number of unseal shares to make (1 to 255)')
    .requiredOption('--key-threshold <k>', 'how many shares unseal (2 to key-shares; 1 only with a single share)')
    .action(async (opts: ConnectionOptions & { keyShares: string; keyThreshold: string }) => (await operator()).init(opts));
  connection(operatorCommand.command('unseal').description('Submit one unseal share (prompted without echo when not given).'))
    .argument('[share]', 'the share; omit it to be prompted (safer: it stays out of the shell history)')
    .action(async (share: string | undefined, opts: ConnectionOptions) => (await operator()).unseal(share, opts));
  connection(operatorCommand.command('seal').description('Seal the server: it drops its keys and refuses every API call until unsealed. Needs the root credentials in the environment.'))
    .action(async (opts: ConnectionOptions) => (await operator()).seal(opts));
  connection(operatorCommand.command('rekey').description('Replace the unseal shares (same root key); prompts for a threshold of the current shares.'))
    .requiredOption('--key-shares <n>', 'number of new unseal shares')
    .requiredOption('--key-threshold <k>', 'how many new shares unseal')
    .action(async (opts: ConnectionOptions & { keyShares: string; keyThreshold: string }) => (await operator()).rekey(opts));
  connection(operatorCommand.command('rotate-root').description('Replace the root key (the keyring is sealed again under it; no secret changes) and print new shares.'))
    .action(async (opts: ConnectionOptions) => (await operator()).rotateRoot(opts));
  const auditCommand = program.command('audit').description('Check the audit trail and export the key that signs its digests.');
  auditCommand
    .command('verify')
    .description('Check every event hash, chain link and digest signature; name each event altered, deleted, inserted or reordered, and a truncated tail. Exit 0 intact, 1 broken, 2 usage.')
    .option('--data-dir <dir>', 'the data dir to check (read-only; safe while the server runs) [env COFFER_DATA_DIR]')
    .option('--file <path>', 'check a JSON-lines audit file instead (with its rotated siblings .1, .2 … when given the base name)')
    .option('--public-key <file>', 'PEM public key to check digest signatures with (from `coffer audit public-key`); default: the copy in the database')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (opts: { dataDir?: string; file?: string; publicKey?: string }) => (await import('./audit.js')).verify(opts));
  auditCommand
    .command('public-key')
    .description('Print the PEM public key that verifies audit digest signatures (keep a copy away from the server).')
    .option('--data-dir <dir>', 'the data dir [env COFFER_DATA_DIR]')
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (opts: { dataDir?: string }) => (await import('./audit.js')).publicKey(opts));
  connection(program.command('status').description('Show whether the server is initialized and sealed (exit code 2 while sealed).'))
    .action(async (opts: ConnectionOptions) => (await operator()).status(opts));
  await program.parseAsync(argv);
}

/** The options every operator command takes. */
function connection(command: Command): Command {
  return command
    .option('--endpoint <url>', `the Coffer server (default http://127.0.0.1:8910) [env COFFER_ENDPOINT]`)
    .option('--ca-cert <file>', 'PEM CA certificate to trust for a self-signed server certificate (or set NODE_EXTRA_CA_CERTS)')
    .option('--format <format>', 'text or json', 'text');
}
