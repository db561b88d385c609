import type { Tag } from '../../../storage/store.js';
import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { roleOutput } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  RoleName: string;
  AssumeRolePolicyDocument: string;
  Path?: string;
  Description?: string;
  MaxSessionDuration?: number;
  Tags?: Tag[];
}

export const createRole = defineOperation<Input, IamDeps>({
  name: 'CreateRole',
  readOnly: false,
  authorization: { resource: (input, ctx) => `arn:aws:iam::${ctx.scope.accountId}:role${input.Path ?? '/'}${input.RoleName}` },
  input: {
    type: 'structure',
    members: {
      RoleName: S.RoleName,
      AssumeRolePolicyDocument: S.PolicyDocument,
      Path: S.Path,
      Description: { type: 'string', max: 1000 },
      MaxSessionDuration: { type: 'integer', min: 3600, max: 43200 },
      PermissionsBoundary: { type: 'string', min: 20, max: 2048 },
      Tags: S.Tags,
    },
  },
  output: { type: 'structure', members: { Role: S.Role } },
  async handle(input, ctx, { roles }) {
    const role = await roles.createRole(ctx.scope.accountId, {
      roleName: input.RoleName,
      assumeRolePolicy: input.AssumeRolePolicyDocument,
      path: input.Path,
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration,
      tags: input.Tags,
    });
    return { Role: roleOutput(role) };
  },
});
