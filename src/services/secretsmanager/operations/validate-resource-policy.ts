import { callerOf, defineOperation } from '../../operation.js';
import type { SecretsManagerDeps } from '../deps.js';
import * as S from '../shapes.js';

interface Input {
  SecretId?: string;
  ResourcePolicy: string;
}

export const validateResourcePolicy = defineOperation<Input, SecretsManagerDeps>({
  name: 'ValidateResourcePolicy',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { SecretId: S.OptionalSecretId, ResourcePolicy: { ...S.ResourcePolicy, required: true } } },
  async handle(input, ctx, { engine }) {
    const problems = await engine.validateResourcePolicy(ctx.scope, input.ResourcePolicy, input.SecretId, callerOf(ctx));
    return {
      PolicyValidationPassed: problems.length === 0,
      ValidationErrors: problems.map((p) => ({ CheckName: p.check, ErrorMessage: p.message })),
    };
  },
});
