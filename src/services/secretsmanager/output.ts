/** Shaping records into Secrets Manager output members, with AWS's presence rules ("only fields that have a value"). */
import type { SecretValue } from '../../domain/secrets/secret-value.js';
import type { SecretRecord, VersionRecord } from '../../storage/store.js';

/** AWS timestamps on the wire: epoch seconds, millisecond fraction. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

export function valueMembers(value: SecretValue): { SecretString: string } | { SecretBinary: string } {
  return value.type === 'string' ? { SecretString: value.text } : { SecretBinary: value.bytes.toString('base64') };
}

export function versionsToStages(versions: VersionRecord[]): Record<string, string[]> | undefined {
  const labelled = versions.filter((v) => v.stages.length > 0);
  if (labelled.length === 0) return undefined;
  return Object.fromEntries(labelled.map((v) => [v.versionId, v.stages]));
}

/** The members DescribeSecret and ListSecrets entries share. */
export function secretMetadata(secret: SecretRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { ARN: secret.arn, Name: secret.name };
  if (secret.type !== undefined) out.Type = secret.type;
  if (secret.description !== undefined) out.Description = secret.description;
  if (secret.kmsKeyId !== undefined) out.KmsKeyId = secret.kmsKeyId;
  out.LastChangedDate = epochSeconds(secret.lastChangedAt);
  if (secret.lastAccessedAt !== undefined) out.LastAccessedDate = epochSeconds(secret.lastAccessedAt);
  if (secret.deletionDate !== undefined) out.DeletedDate = epochSeconds(secret.deletionDate);
  if (secret.tags !== undefined) out.Tags = secret.tags;
  return out;
}

export function describeSecretOutput(secret: SecretRecord, versions: VersionRecord[]): Record<string, unknown> {
  const out = secretMetadata(secret);
  const stages = versionsToStages(versions);
  if (stages) out.VersionIdsToStages = stages;
  out.CreatedDate = epochSeconds(secret.createdAt);
  return out;
}

export function listEntryOutput(secret: SecretRecord, versions: VersionRecord[]): Record<string, unknown> {
  const out = secretMetadata(secret);
  const stages = versionsToStages(versions);
  if (stages) out.SecretVersionsToStages = stages;
  out.CreatedDate = epochSeconds(secret.createdAt);
  return out;
}

export function secretValueOutput(secret: SecretRecord, version: VersionRecord, value: SecretValue): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueMembers(value),
    VersionStages: version.stages,
    CreatedDate: epochSeconds(version.createdAt),
  };
}
