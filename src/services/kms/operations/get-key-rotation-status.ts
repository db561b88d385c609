import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
}

/** On-demand rotations complete within the request, so there is never an OnDemandRotationStartDate to report. */
export const getKeyRotationStatus = defineOperation<Input, KmsDeps>({
  name: 'GetKeyRotationStatus',
  readOnly: true,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:GetKeyRotationStatus');
    const out: Record<string, unknown> = { KeyRotationEnabled: key.rotationEnabled, KeyId: key.arn };
    if (key.rotationEnabled && key.rotationPeriodInDays !== undefined) out.RotationPeriodInDays = key.rotationPeriodInDays;
    if (key.rotationEnabled && key.nextRotationAt !== undefined) out.NextRotationDate = epochSeconds(key.nextRotationAt);
    return out;
  },
});
