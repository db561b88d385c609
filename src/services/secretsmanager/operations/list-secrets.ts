import { AwsError } from '../../../protocol/errors.js';
import type { SecretFilter } from '../../../domain/secrets/filters.js';
import { listSecrets as listPage } from '../../../domain/secrets/listing.js';
import type { SortKey } from '../../../storage/store.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import { listEntryOutput } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  IncludePlannedDeletion?: boolean;
  MaxResults?: number;
  NextToken?: string;
  Filters?: Partial<SecretFilter>[];
  SortOrder?: 'asc' | 'desc';
  SortBy?: SortKey;
}

export const DEFAULT_LIST_PAGE = 100;

/** Filter members are optional in the model; AWS rejects a filter without a key or without values. */
export function requireCompleteFilters(filters: Partial<SecretFilter>[] | undefined): SecretFilter[] | undefined {
  if (filters === undefined) return undefined;
  for (const filter of filters) {
    if (filter.Key === undefined) throw new AwsError('InvalidParameterException', 'Invalid filter key');
    if (filter.Values === undefined) throw new AwsError('InvalidParameterException', `Invalid filter values for key: ${filter.Key}`);
  }
  return filters as SecretFilter[];
}

export const listSecrets = defineOperation<Input, SecretsManagerDeps>({
  name: 'ListSecrets',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: {
    type: 'structure',
    members: {
      IncludePlannedDeletion: { type: 'boolean' },
      MaxResults: S.MaxResults,
      NextToken: S.NextToken,
      Filters: S.Filters,
      SortOrder: { type: 'string', enum: ['asc', 'desc'] },
      SortBy: { type: 'string', enum: ['created-date', 'last-accessed-date', 'last-changed-date', 'name'] },
    },
  },
  async handle(input, ctx, { engine }) {
    const page = await listPage(engine.store, ctx.scope, {
      filters: requireCompleteFilters(input.Filters),
      includeDeleted: input.IncludePlannedDeletion === true,
      sortBy: input.SortBy ?? 'created-date',
      descending: input.SortOrder === 'desc',
      maxResults: input.MaxResults ?? DEFAULT_LIST_PAGE,
      nextToken: input.NextToken,
    });
    const SecretList = await Promise.all(
      page.secrets.map(async (secret) => listEntryOutput(secret, await engine.store.getLabelledVersions(secret.id))),
    );
    return page.nextToken === undefined ? { SecretList } : { SecretList, NextToken: page.nextToken };
  },
});
