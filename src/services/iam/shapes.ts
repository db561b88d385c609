/** IAM member shapes (botocore iam 2010-05-08) used by Coffer's IAM operations. */
import type { Member, Shape, StructureShape } from '../../protocol/shape.js';

const NAME = /^[\w+=,.@-]+$/;
export const UserName: Member = { type: 'string', min: 1, max: 64, pattern: NAME, patternText: '[\\w+=,.@-]+', required: true };
export const PolicyUserName: Member = { type: 'string', min: 1, max: 128, pattern: NAME, patternText: '[\\w+=,.@-]+', required: true };
export const OptionalUserName: Shape = { type: 'string', min: 1, max: 128, pattern: NAME, patternText: '[\\w+=,.@-]+' };
export const Path: Shape = { type: 'string', min: 1, max: 512, pattern: /^(\/[\x21-\x7E]*\/|\/)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };
export const PolicyName: Member = { type: 'string', min: 1, max: 128, pattern: NAME, patternText: '[\\w+=,.@-]+', required: true };
export const PolicyDocument: Member = { type: 'string', min: 1, max: 131072, required: true };
export const AccessKeyId: Member = { type: 'string', min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]+', required: true };
export const Tags: Shape = {
  type: 'list',
  max: 50,
  member: { type: 'structure', members: { Key: { type: 'string', min: 1, max: 128, required: true }, Value: { type: 'string', max: 256, required: true } } },
};
export const TagKeys: Shape = { type: 'list', max: 50, member: { type: 'string', min: 1, max: 128 } };
export const Marker: Shape = { type: 'string', min: 1, max: 320 };
export const MaxItems: Shape = { type: 'integer', min: 1, max: 1000 };

export const TagList: Shape = { type: 'list', member: { type: 'structure', members: { Key: { type: 'string' }, Value: { type: 'string' } } } };
export const User: StructureShape = {
  type: 'structure',
  members: {
    Path: { type: 'string' },
    UserName: { type: 'string' },
    UserId: { type: 'string' },
    Arn: { type: 'string' },
    CreateDate: { type: 'timestamp' },
    Tags: TagList,
  },
};
export const AccessKeyMetadata: StructureShape = {
  type: 'structure',
  members: { UserName: { type: 'string' }, AccessKeyId: { type: 'string' }, Status: { type: 'string' }, CreateDate: { type: 'timestamp' } },
};
export const StringList: Shape = { type: 'list', member: { type: 'string' } };

export const RoleName: Member = { type: 'string', min: 1, max: 64, pattern: NAME, patternText: '[\\w+=,.@-]+', required: true };
export const Role: StructureShape = {
  type: 'structure',
  members: {
    Path: { type: 'string' },
    RoleName: { type: 'string' },
    RoleId: { type: 'string' },
    Arn: { type: 'string' },
    CreateDate: { type: 'timestamp' },
    AssumeRolePolicyDocument: { type: 'string' },
    Description: { type: 'string' },
    MaxSessionDuration: { type: 'integer' },
    Tags: TagList,
  },
};

export const GroupName: Member = { type: 'string', min: 1, max: 128, pattern: NAME, patternText: '[\\w+=,.@-]+', required: true };
export const Group: StructureShape = {
  type: 'structure',
  members: { Path: { type: 'string' }, GroupName: { type: 'string' }, GroupId: { type: 'string' }, Arn: { type: 'string' }, CreateDate: { type: 'timestamp' } },
};
