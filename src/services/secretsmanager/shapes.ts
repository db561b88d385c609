/** Member shapes of the Secrets Manager model (botocore secretsmanager 2017-10-17), with their constraints. */
import type { Member, Shape } from '../../protocol/shape.js';

export const SecretId: Member = { type: 'string', min: 1, max: 2048, required: true };
export const OptionalSecretId: Shape = { type: 'string', min: 1, max: 2048 };
export const ClientRequestToken: Shape = { type: 'string', min: 32, max: 64 };
export const VersionId: Shape = { type: 'string', min: 32, max: 64 };
export const VersionStage: Shape = { type: 'string', min: 1, max: 256 };
export const VersionStages: Shape = { type: 'list', member: VersionStage, min: 1, max: 20 };
export const SecretString: Shape = { type: 'string', min: 1, max: 65536, sensitive: true };
export const SecretBinary: Shape = { type: 'blob', min: 1, max: 65536, sensitive: true };
export const Description: Shape = { type: 'string', max: 2048 };
export const KmsKeyId: Shape = { type: 'string', max: 2048 };
export const MedeaType: Shape = { type: 'string', max: 256 };
export const Tag: Shape = {
  type: 'structure',
  members: { Key: { type: 'string', min: 1, max: 128, required: true }, Value: { type: 'string', max: 256 } },
};
export const Tags: Shape = { type: 'list', member: Tag };
export const TagKeys: Shape = { type: 'list', member: { type: 'string', min: 1, max: 128 } };
export const ResourcePolicy: Shape = { type: 'string', min: 1, max: 20480 };
export const MaxResults: Shape = { type: 'integer', min: 1, max: 100 };
export const NextToken: Shape = { type: 'string', min: 1, max: 4096 };
export const FilterKeys = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'] as const;
export const Filters: Shape = {
  type: 'list',
  max: 10,
  member: {
    type: 'structure',
    members: {
      Key: { type: 'string', enum: FilterKeys },
      Values: {
        type: 'list',
        min: 1,
        max: 10,
        member: {
          type: 'string',
          min: 1,
          max: 512,
          pattern: /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/,
          patternText: '^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$',
        },
      },
    },
  },
};
export const ReplicaRegions: Shape = {
  type: 'list',
  min: 1,
  member: {
    type: 'structure',
    members: {
      Region: { type: 'string', min: 1, max: 128, pattern: /^([a-z]+-)+\d+$/, patternText: '^([a-z]+-)+\\d+$' },
      KmsKeyId: { type: 'string', max: 2048 },
    },
  },
};
