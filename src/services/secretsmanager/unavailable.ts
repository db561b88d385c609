/** Operations of the Secrets Manager API that Coffer does not provide yet: a clear error, never a silent success. */
import { AwsError } from '../../protocol/errors.js';

export function notAvailableYet(what: string): AwsError {
  return new AwsError('InvalidRequestException', `${what} is not available in this version of Coffer.`);
}
