/**
 * The authorization step between authentication and the operation. Today the only identity is the account's root
 * user, which AWS lets do everything in its account; IAM users, roles and policies plug in here.
 */
import { AwsError } from '../protocol/errors.js';
import type { Principal } from '../services/operation.js';

export interface AuthorizationRequest {
  principal: Principal;
  /** e.g. `secretsmanager:GetSecretValue` */
  action: string;
  accountId: string;
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): void;
}

export const rootAuthorizer: Authorizer = {
  authorize({ principal, action, accountId }) {
    if (principal.type === 'Root' && principal.accountId === accountId) return;
    throw new AwsError('AccessDeniedException', `User: ${principal.arn} is not authorized to perform: ${action}`);
  },
};
