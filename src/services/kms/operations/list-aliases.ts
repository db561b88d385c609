import { aliasArn } from '../../../domain/kms/index.js';
import * as E from '../../../domain/kms/errors.js';
import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import { isAlias } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import { kmsPage } from '../paging.js';
import * as S from '../shapes.js';

interface Input {
  KeyId?: string;
  Limit?: number;
  Marker?: string;
}

export const listAliases = defineOperation<Input, KmsDeps>({
  name: 'ListAliases',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: { KeyId: S.OptionalKeyId, Limit: S.Limit, Marker: S.Marker } },
  async handle(input, ctx, { kms }) {
    let keyId: string | undefined;
    if (input.KeyId !== undefined) {
      if (isAlias(input.KeyId)) throw E.invalidKeyId(input.KeyId);
      keyId = (await kms.resolver.resolve(ctx.scope, input.KeyId)).keyId;
    }
    const aliases = await kms.aliases.listAliases(ctx.scope, keyId);
    const page = kmsPage('ListAliases', aliases, (a) => a.aliasName, input, { limit: 50, maxLimit: 100 });
    return {
      Aliases: page.items.map((a) => ({
        AliasName: a.aliasName,
        AliasArn: aliasArn(ctx.scope, a.aliasName),
        TargetKeyId: a.targetKeyId,
        CreationDate: epochSeconds(a.createdAt),
        LastUpdatedDate: epochSeconds(a.updatedAt),
      })),
      ...page.paging,
    };
  },
});
