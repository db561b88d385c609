/** Managed policy shapes (botocore iam 2010-05-08) and the views of managed-policies.ts as those output members. */
import type { AttachedPolicyView, PolicyVersionView, PolicyView } from '../../domain/iam/managed-policies.js';
import type { Member, Shape, StructureShape } from '../../protocol/shape.js';

export const PolicyArn: Member = { type: 'string', min: 20, max: 2048, required: true };
/** policyPathType: `/` or `/a/b/`, without the `*` and most punctuation user paths allow. */
export const PolicyPath: Shape = { type: 'string', min: 1, max: 512, pattern: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, patternText: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/' };
export const VersionId: Member = { type: 'string', pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?', required: true };
export const PolicyUsageFilter: Shape = { type: 'string', enum: ['PermissionsPolicy', 'PermissionsBoundary'] };

const TagList: Shape = { type: 'list', member: { type: 'structure', members: { Key: { type: 'string' }, Value: { type: 'string' } } } };

export const Policy: StructureShape = {
  type: 'structure',
  members: {
    PolicyName: { type: 'string' },
    PolicyId: { type: 'string' },
    Arn: { type: 'string' },
    Path: { type: 'string' },
    DefaultVersionId: { type: 'string' },
    AttachmentCount: { type: 'integer' },
    PermissionsBoundaryUsageCount: { type: 'integer' },
    IsAttachable: { type: 'boolean' },
    Description: { type: 'string' },
    CreateDate: { type: 'timestamp' },
    UpdateDate: { type: 'timestamp' },
    Tags: TagList,
  },
};

export const PolicyVersion: StructureShape = {
  type: 'structure',
  members: { Document: { type: 'string' }, VersionId: { type: 'string' }, IsDefaultVersion: { type: 'boolean' }, CreateDate: { type: 'timestamp' } },
};

export const AttachedPolicy: StructureShape = { type: 'structure', members: { PolicyName: { type: 'string' }, PolicyArn: { type: 'string' } } };

export const PolicyUser: StructureShape = { type: 'structure', members: { UserName: { type: 'string' }, UserId: { type: 'string' } } };
export const PolicyGroup: StructureShape = { type: 'structure', members: { GroupName: { type: 'string' }, GroupId: { type: 'string' } } };
export const PolicyRole: StructureShape = { type: 'structure', members: { RoleName: { type: 'string' }, RoleId: { type: 'string' } } };

export const AttachedPoliciesOutput: StructureShape = {
  type: 'structure',
  members: { AttachedPolicies: { type: 'list', member: AttachedPolicy }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } },
};

/**
 * A policy as Policy members. The description only in GetPolicy's answer and tags only in GetPolicy's and
 * CreatePolicy's, as IAM answers (its list operations leave both out).
 */
export function policyOutput(policy: PolicyView, include: { description?: boolean; tags?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
  };
  if (include.description && policy.description !== undefined) out.Description = policy.description;
  if (include.tags && policy.tags !== undefined && policy.tags.length > 0) out.Tags = policy.tags;
  return out;
}

/** IAM returns policy documents URL-encoded (RFC 3986), and lists versions without their documents. */
export function versionOutput(version: PolicyVersionView, withDocument: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { VersionId: version.versionId, IsDefaultVersion: version.isDefault, CreateDate: new Date(version.createdAt) };
  if (withDocument) out.Document = encodeURIComponent(version.document);
  return out;
}

export function attachedPolicyOutput(policy: AttachedPolicyView): Record<string, unknown> {
  return { PolicyName: policy.policyName, PolicyArn: policy.policyArn };
}
