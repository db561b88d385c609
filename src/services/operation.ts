/** What every AWS operation handler is: a name, an input shape, and a function from parsed input to output. */
import type { StructureShape } from '../protocol/shape.js';
import type { Scope } from '../storage/store.js';

export interface Principal {
  type: 'Root';
  accountId: string;
  arn: string;
  accessKeyId: string;
}

export interface RequestContext {
  requestId: string;
  scope: Scope;
  principal: Principal;
  sourceIp: string;
  userAgent: string;
}

/** The caller as the policy engine sees them. */
export function callerOf(ctx: RequestContext): { principal: { arn: string; accountId: string; isRoot: boolean; userId: string }; sourceIp: string } {
  return {
    principal: { arn: ctx.principal.arn, accountId: ctx.principal.accountId, isRoot: ctx.principal.type === 'Root', userId: ctx.principal.accountId },
    sourceIp: ctx.sourceIp,
  };
}

export interface Operation<Deps> {
  name: string;
  input: StructureShape;
  /** Read or List access level (CloudTrail's readOnly). */
  readOnly: boolean;
  handle(input: Record<string, unknown>, ctx: RequestContext, deps: Deps): Promise<Record<string, unknown>>;
}

/** Declares an operation with a typed input; the shape validator guarantees the input matches `I`. */
export function defineOperation<I, Deps>(op: {
  name: string;
  input: StructureShape;
  readOnly: boolean;
  handle(input: I, ctx: RequestContext, deps: Deps): Promise<Record<string, unknown>>;
}): Operation<Deps> {
  return op as unknown as Operation<Deps>;
}
