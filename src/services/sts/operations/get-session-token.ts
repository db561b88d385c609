import { defineOperation } from '../../operation.js';
import type { StsDeps } from '../deps.js';
import { Credentials, credentialsOutput } from '../shapes.js';

interface Input {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/** Needs no permission, as on AWS; only long-term credentials may call it (checked in the domain). */
export const getSessionToken = defineOperation<Input, StsDeps>({
  name: 'GetSessionToken',
  readOnly: false,
  authorization: 'none',
  input: {
    type: 'structure',
    members: {
      DurationSeconds: { type: 'integer', min: 900, max: 129600 },
      SerialNumber: { type: 'string', min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' },
      TokenCode: { type: 'string', min: 6, max: 6, pattern: /^\d*$/, patternText: '[\\d]*' },
    },
  },
  output: { type: 'structure', members: { Credentials } },
  async handle(input, ctx, { sessionTokens }) {
    const { principal } = ctx;
    const issued = await sessionTokens.getSessionToken(
      { accountId: principal.accountId, userName: principal.userName, temporaryCredentials: principal.sessionIssuedAt !== undefined },
      { durationSeconds: input.DurationSeconds, serialNumber: input.SerialNumber, tokenCode: input.TokenCode },
    );
    return { Credentials: credentialsOutput(issued) };
  },
});
