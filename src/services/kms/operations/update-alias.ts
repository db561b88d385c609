import { aliasArn, assertKeyAccess } from '../../../domain/kms/index.js';
import * as E from '../../../domain/kms/errors.js';
import { assertAliasName } from '../../../domain/kms/kms-aliases.js';
import { assertAllowed } from '../../../domain/policy/index.js';
import { callerOf, defineOperation } from '../../operation.js';
import { isAlias } from '../access.js';
import type { KmsDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  AliasName: string;
  TargetKeyId: string;
}

/** kms:UpdateAlias on the alias (IAM policies), on the key it leaves and on the key it moves to (key policies). */
export const updateAlias = defineOperation<Input, KmsDeps>({
  name: 'UpdateAlias',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { AliasName: S.AliasName, TargetKeyId: S.KeyId } },
  async handle(input, ctx, { kms }) {
    assertAliasName(input.AliasName);
    const current = await kms.resolver.resolve(ctx.scope, input.AliasName);
    if (isAlias(input.TargetKeyId)) throw E.aliasTargetIsAlias();
    const target = await kms.resolver.resolve(ctx.scope, input.TargetKeyId);
    const caller = callerOf(ctx);
    assertAllowed(caller, { action: 'kms:UpdateAlias', resource: aliasArn(ctx.scope, input.AliasName) });
    assertKeyAccess(caller, current, 'kms:UpdateAlias');
    assertKeyAccess(caller, target, 'kms:UpdateAlias');
    await kms.aliases.updateAlias(ctx.scope, input.AliasName, target);
    return {};
  },
});
