/**
 * The audit trail's parts, wired: the log every request writes through, its sinks, the signing key (available once
 * the keyring is), and the background task that signs digests at an interval and on shutdown and prunes events past
 * the retention period.
 */
import type { Logger } from 'pino';
import { AuditLog } from '../domain/audit/audit-log.js';
import { DigestWriter } from '../domain/audit/digests.js';
import { AuditSigner } from '../domain/audit/signer.js';
import { FileSink, StdoutSink, type AuditSink } from '../domain/audit/sinks.js';
import type { Envelope } from '../domain/crypto/envelope.js';
import type { Store } from '../storage/store.js';

export interface AuditOptions {
  /** Also append every event to this JSON-lines file (rotated at `fileMaxBytes`). */
  file?: string;
  fileMaxBytes?: number;
  /** Also write every event to stdout as a JSON line. */
  stdout?: boolean;
  /** Events older than this are pruned (a signed digest stands in for them). Default 90, as CloudTrail's lookup window. */
  retentionDays?: number;
  /** How often digests are signed. Default 5 minutes. */
  digestIntervalMs?: number;
}

export interface AuditSetup {
  log: AuditLog;
  digests: DigestWriter;
  start(): void;
  /** Forgets the signing key (on seal); it is unsealed again on the next digest. */
  forgetSigner(): void;
  /** Stops the task and signs a last digest. */
  stop(): Promise<void>;
}

export function setUpAudit(store: Store, envelope: Envelope, canSign: () => boolean, now: () => number, logger: Logger, options: AuditOptions = {}): AuditSetup {
  const sinks: AuditSink[] = [];
  if (options.file) sinks.push(new FileSink(options.file, options.fileMaxBytes));
  if (options.stdout) sinks.push(new StdoutSink());
  const log = new AuditLog(store, sinks, logger);
  let signer: Promise<AuditSigner> | undefined;
  const openSigner = async () => {
    if (!canSign()) {
      signer = undefined;
      return undefined;
    }
    signer ??= AuditSigner.open(store, envelope).catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    return signer;
  };
  const digests = new DigestWriter(store, openSigner, now);
  const retentionMs = (options.retentionDays ?? 90) * 86_400_000;
  let timer: NodeJS.Timeout | undefined;
  let warmUp: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        await digests.writeDigests();
        const pruned = await digests.prune(now() - retentionMs);
        if (pruned > 0) logger.info({ pruned }, 'pruned audit events past the retention period');
      } catch (error) {
        logger.error({ err: { message: (error as Error).message } }, 'audit digest or retention task failed');
      }
    });
    return running;
  };
  return {
    log,
    digests,
    forgetSigner() {
      signer = undefined;
    },
    start() {
      timer = setInterval(tick, options.digestIntervalMs ?? 300_000);
      timer.unref();
      // The signing key (and so `coffer audit public-key`) should exist as soon as the keyring does, not only at the
      // first digest: create it now, or once a sealed server is unsealed.
      const createKey = () => {
        if (!canSign()) return;
        clearInterval(warmUp);
        warmUp = undefined;
        running = running.then(() =>
          openSigner().then(
            () => undefined,
            (error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'creating the audit signing key failed; the next digest retries'),
          ),
        );
      };
      warmUp = setInterval(createKey, 1_000);
      warmUp.unref();
      createKey();
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (warmUp) clearInterval(warmUp);
      timer = undefined;
      warmUp = undefined;
      await running;
      try {
        await digests.writeDigests();
      } catch (error) {
        logger.error({ err: { message: (error as Error).message } }, 'final audit digest failed');
      }
    },
  };
}
