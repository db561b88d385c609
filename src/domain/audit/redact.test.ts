import { describe, expect, it } from 'vitest';
import { camelCase, redact } from './redact.js';

describe('camelCase', () => {
  it.each([
    ['SecretId', 'secretId'],
    ['ARN', 'arn'],
    ['KMSKeyId', 'kmsKeyId'],
    ['VersionIdsToStages', 'versionIdsToStages'],
    ['x', 'x'],
    ['ClientRequestToken', 'clientRequestToken'],
  ])('%s → %s', (name, expected) => expect(camelCase(name)).toBe(expected));
});

describe('redact', () => {
  it('drops secret-bearing members at any depth, by name and by the shape’s sensitive flag, and camelCases the rest', () => {
    const input = {
      SecretId: 'prod/db',
      SecretString: 'hunter2',
      SecretBinary: Buffer.from('bytes'),
      Nested: { Credentials: { AccessKeyId: 'ASIA…', SecretAccessKey: 'k', SessionToken: 't' }, Plaintext: 'p' },
      List: [{ CiphertextBlob: 'c', KeyId: 'k1' }],
      Marked: 'do not log',
      When: new Date(0),
    };
    const shape = { type: 'structure' as const, members: { Marked: { type: 'string' as const, sensitive: true } } };
    expect(redact(input, shape)).toEqual({
      secretId: 'prod/db',
      nested: { credentials: { accessKeyId: 'ASIA…' } },
      list: [{ keyId: 'k1' }],
      when: '1970-01-01T00:00:00.000Z',
    });
  });
});
