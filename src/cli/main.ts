/** The `coffer` command line. */
import { Command } from 'commander';
import { VERSION } from '../app/coffer.js';
import { runDev } from './dev.js';

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
    .action(async (opts: { port: string; host: string; dataDir: string; accountId: string; logLevel: string; workers: string; bootstrap?: string }) => {
      await runDev(opts);
    });
  await program.parseAsync(argv);
}
