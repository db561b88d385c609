import { createHash } from 'node:crypto';
import { invalidNextToken } from '../../../domain/secrets/errors.js';
import type { VersionRecord } from '../../../storage/store.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  SecretId: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeDeprecated?: boolean;
}

const DEFAULT_PAGE = 100;

export const listSecretVersionIds = defineOperation<Input, SecretsManagerDeps>({
  name: 'ListSecretVersionIds',
  readOnly: true,
  authorization: 'in-domain',
  input: {
    type: 'structure',
    members: { SecretId: S.SecretId, MaxResults: S.MaxResults, NextToken: S.NextToken, IncludeDeprecated: { type: 'boolean' } },
  },
  async handle(input, ctx, { engine }) {
    const { secret, versions } = await engine.listVersions(ctx.scope, input.SecretId, callerOf(ctx));
    const visible = versions.filter((v) => input.IncludeDeprecated === true || v.stages.length > 0);
    const fingerprint = createHash('sha256').update(`${secret.id}|${input.IncludeDeprecated === true}`).digest('base64url').slice(0, 12);
    const start = input.NextToken === undefined ? 0 : decodeOffset(input.NextToken, fingerprint);
    const size = input.MaxResults ?? DEFAULT_PAGE;
    const page = visible.slice(start, start + size);
    const out: Record<string, unknown> = { Versions: page.map(versionEntry), ARN: secret.arn, Name: secret.name };
    if (start + size < visible.length) out.NextToken = Buffer.from(`${start + size}:${fingerprint}`).toString('base64url');
    return out;
  },
});

function versionEntry(version: VersionRecord): Record<string, unknown> {
  const entry: Record<string, unknown> = { VersionId: version.versionId };
  if (version.stages.length > 0) entry.VersionStages = version.stages;
  if (version.lastAccessedAt !== undefined) entry.LastAccessedDate = epochSeconds(version.lastAccessedAt);
  entry.CreatedDate = epochSeconds(version.createdAt);
  entry.KmsKeyIds = [version.kmsKeyId ?? 'DefaultEncryptionKey'];
  return entry;
}

function decodeOffset(token: string, fingerprint: string): number {
  const match = /^(\d+):(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || match[2] !== fingerprint) throw invalidNextToken();
  return Number(match[1]);
}
