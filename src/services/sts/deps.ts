import type { AssumeRoleService } from '../../domain/iam/assume-role.js';
import type { SessionTokenService } from '../../domain/iam/session-token.js';

export interface StsDeps {
  sts: AssumeRoleService;
  sessionTokens: SessionTokenService;
}
