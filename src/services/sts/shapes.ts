/** STS member shapes (botocore sts 2011-06-15) shared by Coffer's STS operations. */
import type { Shape, StructureShape } from '../../protocol/shape.js';

const TAG_CHARACTERS = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]';
const TagKey: Shape = { type: 'string', min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, patternText: `${TAG_CHARACTERS}+` };
const TagValue: Shape = { type: 'string', max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, patternText: `${TAG_CHARACTERS}*` };

export const Tags: Shape = { type: 'list', max: 50, member: { type: 'structure', members: { Key: { ...TagKey, required: true }, Value: { ...TagValue, required: true } } } };
export const TagKeys: Shape = { type: 'list', max: 50, member: TagKey };
export const PolicyArns: Shape = { type: 'list', max: 10, member: { type: 'structure', members: { arn: { type: 'string', min: 20, max: 2048 } } } };

/** Temporary credentials, as every STS operation that issues them returns them. */
export const Credentials: StructureShape = {
  type: 'structure',
  members: { AccessKeyId: { type: 'string' }, SecretAccessKey: { type: 'string' }, SessionToken: { type: 'string' }, Expiration: { type: 'timestamp' } },
};

export function credentialsOutput(issued: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number }): Record<string, unknown> {
  return { AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secretAccessKey, SessionToken: issued.sessionToken, Expiration: new Date(issued.expiresAt) };
}
