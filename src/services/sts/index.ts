/** The STS service (awsQuery, signing name `sts`): its wire identity and its operations. */
import type { Operation } from '../operation.js';
import type { StsDeps } from './deps.js';
import { assumeRole } from './operations/assume-role.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';
import { getSessionToken } from './operations/get-session-token.js';

export type { StsDeps } from './deps.js';

export const STS_OPERATIONS: readonly Operation<StsDeps>[] = [assumeRole, getCallerIdentity, getSessionToken];

export const STS = { signingName: 'sts', apiVersion: '2011-06-15', namespace: 'https://sts.amazonaws.com/doc/2011-06-15/' } as const;
