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

/** Needs kms:CreateAlias twice, as in KMS: on the alias (IAM policies) and on the key (its key policy). */
export const createAlias = defineOperation<Input, KmsDeps>({
  name: 'CreateAlias',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { AliasName: S.AliasName, TargetKeyId: S.KeyId } },
  async handle(input, ctx, { kms }) {
    assertAliasName(input.AliasName);
    if (isAlias(input.TargetKeyId)) throw E.aliasTargetIsAlias();
    const key = await kms.resolver.resolve(ctx.scope, input.TargetKeyId);
    const caller = callerOf(ctx);
    assertAllowed(caller, { action: 'kms:CreateAlias', resource: aliasArn(ctx.scope, input.AliasName) });
    assertKeyAccess(caller, key, 'kms:CreateAlias');
    await kms.aliases.createAlias(ctx.scope, input.AliasName, key);
    return {};
  },
});
