import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { groupOutput } from '../output.js';
import * as S from '../shapes.js';

export const createGroup = defineOperation<{ GroupName: string; Path?: string }, IamDeps>({
  name: 'CreateGroup',
  readOnly: false,
  authorization: { resource: (input, ctx) => `arn:aws:iam::${ctx.scope.accountId}:group${input.Path ?? '/'}${input.GroupName}` },
  input: { type: 'structure', members: { GroupName: S.GroupName, Path: S.Path } },
  output: { type: 'structure', members: { Group: S.Group } },
  async handle(input, ctx, { groups }) {
    return { Group: groupOutput(await groups.createGroup(ctx.scope.accountId, input.GroupName, input.Path ?? '/')) };
  },
});
