/** What the seal manager refuses, and how: API calls while sealed, and operator requests it cannot carry out. */
import { AwsError } from '../../protocol/errors.js';

export const SEALED_MESSAGE = 'Coffer is sealed: an operator must unseal it (coffer operator unseal).';
export const UNINITIALIZED_MESSAGE = 'Coffer is not initialized: an operator must initialize it (coffer operator init).';

/**
 * Thrown by the keyring source while there is no keyring. An AWS error (503 ServiceUnavailableException), so a
 * request caught mid-flight by a seal gets the same answer as one that arrives after it.
 */
export class SealedError extends AwsError {
  constructor(initialized: boolean) {
    super('ServiceUnavailableException', initialized ? SEALED_MESSAGE : UNINITIALIZED_MESSAGE);
  }
}

export type SealErrorCode =
  | 'AlreadyInitialized'
  | 'NotInitialized'
  | 'Sealed'
  | 'InvalidRequest'
  | 'WrongShares'
  | 'DevMode'
  | 'NotDataDirOfServer';

export class SealOperationError extends Error {
  constructor(
    readonly code: SealErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SealOperationError';
  }
}
