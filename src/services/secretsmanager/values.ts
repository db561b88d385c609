/** Reading SecretString / SecretBinary members into one SecretValue, with AWS's "not both" rule. */
import { bothValues } from '../../domain/secrets/errors.js';
import type { SecretValue } from '../../domain/secrets/secret-value.js';

export function valueFrom(input: { SecretString?: string; SecretBinary?: Buffer }): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
  if (input.SecretString !== undefined) return { type: 'string', text: input.SecretString };
  if (input.SecretBinary !== undefined) return { type: 'binary', bytes: input.SecretBinary };
  return undefined;
}
