/** Unexpected failures are logged by type and stack frames only — never the message or request data, which may hold secrets. */
import type { Logger } from 'pino';

export function logInternalError(logger: Logger, error: unknown, fields: { requestId: string; operation?: string }): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const frames = (err.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  logger.error({ ...fields, errorType: err.name, stack: frames.join('\n') }, 'internal error');
}
