import { aliasArn, assertKeyAccess } from '../../../domain/kms/index.js';
import { assertAliasName } from '../../../domain/kms/kms-aliases.js';
import { assertAllowed } from '../../../domain/policy/index.js';
import { callerOf, defineOperation } from '../../operation.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  AliasName: string;
}

/** kms:DeleteAlias on the alias (IAM policies) and on its key (key policy). */
export const deleteAlias = defineOperation<Input, KmsDeps>({
  name: 'DeleteAlias',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { AliasName: S.AliasName } },
  async handle(input, ctx, { kms }) {
    assertAliasName(input.AliasName);
    const key = await kms.resolver.resolve(ctx.scope, input.AliasName);
    const caller = callerOf(ctx);
    assertAllowed(caller, { action: 'kms:DeleteAlias', resource: aliasArn(ctx.scope, input.AliasName) });
    assertKeyAccess(caller, key, 'kms:DeleteAlias');
    await kms.aliases.deleteAlias(ctx.scope, input.AliasName);
    return {};
  },
});
