import { defineOperation } from '../../operation.js';
import { authorizedKeyById } from '../access.js';
import type { KmsDeps } from '../deps.js';
import { epochSeconds } from '../output.js';
import * as S from '../shapes.js';

interface Input {
  KeyId: string;
  PendingWindowInDays?: number;
}

export const scheduleKeyDeletion = defineOperation<Input, KmsDeps>({
  name: 'ScheduleKeyDeletion',
  readOnly: false,
  authorization: 'in-domain',
  input: { type: 'structure', members: { KeyId: S.KeyId, PendingWindowInDays: S.PendingWindowInDays } },
  async handle(input, ctx, deps) {
    const key = await authorizedKeyById(ctx, deps, input.KeyId, 'kms:ScheduleKeyDeletion');
    const scheduled = await deps.kms.keys.scheduleKeyDeletion(key, input.PendingWindowInDays);
    return {
      KeyId: scheduled.arn,
      DeletionDate: epochSeconds(scheduled.deletionDate!),
      KeyState: scheduled.keyState,
      PendingWindowInDays: scheduled.pendingWindowInDays,
    };
  },
});
