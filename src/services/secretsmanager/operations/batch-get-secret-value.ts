import { AwsError, isAwsError } from '../../../protocol/errors.js';
import type { SecretFilter } from '../../../domain/secrets/filters.js';
import { assertAllowed } from '../../../domain/policy/index.js';
import { listSecrets } from '../../../domain/secrets/listing.js';
import { ANY_RESOURCE, callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { secretValueOutput } from '../output.js';
import * as S from '../shapes.js';
import { requireCompleteFilters } from './list-secrets.js';

interface Input {
  SecretIdList?: string[];
  Filters?: Partial<SecretFilter>[];
  MaxResults?: number;
  NextToken?: string;
}

const DEFAULT_BATCH = 20;

export const batchGetSecretValue = defineOperation<Input, SecretsManagerDeps>({
  name: 'BatchGetSecretValue',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      SecretIdList: { type: 'list', member: { type: 'string', min: 1, max: 2048 }, min: 1, max: 20 },
      Filters: S.Filters,
      MaxResults: { type: 'integer', min: 1, max: 20 },
      NextToken: S.NextToken,
    },
  },
  async handle(input, ctx, { engine }) {
    if ((input.SecretIdList === undefined) === (input.Filters === undefined)) {
      throw new AwsError('InvalidParameterException', "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }
    if (input.MaxResults !== undefined && input.Filters === undefined) {
      throw new AwsError('InvalidParameterException', "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
    }
    let ids: string[];
    let nextToken: string | undefined;
    if (input.SecretIdList !== undefined) {
      ids = input.SecretIdList;
    } else {
      // Selecting by Filters lists secrets, so it also needs secretsmanager:ListSecrets (as on AWS).
      assertAllowed(callerOf(ctx), { action: 'secretsmanager:ListSecrets', resource: '*' });
      const page = await listSecrets(engine.store, ctx.scope, {
        filters: requireCompleteFilters(input.Filters),
        includeDeleted: false,
        sortBy: 'created-date',
        descending: false,
        maxResults: input.MaxResults ?? DEFAULT_BATCH,
        nextToken: input.NextToken,
      });
      ids = page.secrets.map((s) => s.arn);
      nextToken = page.nextToken;
    }
    const SecretValues: Record<string, unknown>[] = [];
    const Errors: Record<string, unknown>[] = [];
    for (const secretId of ids) {
      try {
        const { secret, version, value } = await engine.getSecretValue(ctx.scope, secretId, undefined, undefined, callerOf(ctx));
        SecretValues.push(secretValueOutput(secret, version, value));
      } catch (error) {
        if (!isAwsError(error) || error.isFault) throw error;
        Errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
      }
    }
    const out: Record<string, unknown> = { SecretValues, Errors };
    if (nextToken !== undefined) out.NextToken = nextToken;
    return out;
  },
});
