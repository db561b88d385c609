import { AwsError } from '../../../protocol/errors.js';
import {
  generatePassword,
  NoCharactersError,
  PasswordTooShortError,
  RequiredTypeExcludedError,
  type PasswordOptions,
} from '../../../domain/secrets/password.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';

export const getRandomPassword = defineOperation<PasswordOptions, SecretsManagerDeps>({
  name: 'GetRandomPassword',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      PasswordLength: { type: 'long', min: 1, max: 4096 },
      ExcludeCharacters: { type: 'string', max: 4096 },
      ExcludeNumbers: { type: 'boolean' },
      ExcludePunctuation: { type: 'boolean' },
      ExcludeUppercase: { type: 'boolean' },
      ExcludeLowercase: { type: 'boolean' },
      IncludeSpace: { type: 'boolean' },
      RequireEachIncludedType: { type: 'boolean' },
    },
  },
  async handle(input) {
    try {
      return { RandomPassword: generatePassword(input) };
    } catch (error) {
      if (error instanceof PasswordTooShortError) {
        throw new AwsError('InvalidParameterException', 'Password length is too short based on the required types.');
      }
      if (error instanceof RequiredTypeExcludedError) {
        throw new AwsError('InvalidParameterException', 'All characters of the desired type have been excluded.');
      }
      if (error instanceof NoCharactersError) {
        throw new AwsError('InvalidParameterException', 'All characters have been excluded from selection.');
      }
      throw error;
    }
  },
});
