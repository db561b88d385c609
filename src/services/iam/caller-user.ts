/** IAM operations whose UserName is optional act on the calling user. */
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../operation.js';

export function targetUser(userName: string | undefined, ctx: RequestContext): string {
  if (userName !== undefined) return userName;
  if (ctx.principal.userName !== undefined) return ctx.principal.userName;
  throw new AwsError('InvalidInput', 'UserName is required when the caller is the root user (root credentials come from the server configuration).');
}
