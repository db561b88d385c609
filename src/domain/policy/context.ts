/**
 * The request context as the evaluator sees it: keys lower-cased (IAM condition key names are case-insensitive,
 * values are not), absent values dropped, and the principal's global keys filled in.
 */
import type { ContextValue, RequestContext, RequestPrincipal } from './types.js';

/** Lower-cased key → value; only present values. */
export type NormalizedContext = ReadonlyMap<string, ContextValue>;

/** Look up a condition key (any case). Empty arrays are reported as absent. */
export function lookup(ctx: NormalizedContext, key: string): ContextValue | undefined {
  const v = ctx.get(key.toLowerCase());
  if (Array.isArray(v) && v.length === 0) return undefined;
  return v;
}

/**
 * Build the evaluation context. Principal-derived keys (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:userid`,
 * `aws:username`, `aws:PrincipalTag/<k>`) and the clock keys (`aws:CurrentTime`, `aws:EpochTime`) are defaults;
 * entries of `context` override them.
 *
 * @example
 * const ctx = buildContext({ arn: 'arn:aws:iam::1:user/bob', accountId: '1', username: 'bob' }, {}, new Date());
 * lookup(ctx, 'AWS:UserName'); // 'bob'
 */
export function buildContext(principal: RequestPrincipal, context: RequestContext | undefined, now: Date): NormalizedContext {
  const m = new Map<string, ContextValue>();
  m.set('aws:principalarn', principal.arn);
  m.set('aws:principalaccount', principal.accountId);
  if (principal.userId !== undefined) m.set('aws:userid', principal.userId);
  if (principal.username !== undefined) m.set('aws:username', principal.username);
  for (const [k, v] of Object.entries(principal.tags ?? {})) m.set(`aws:principaltag/${k.toLowerCase()}`, v);
  m.set('aws:currenttime', now);
  m.set('aws:epochtime', Math.floor(now.getTime() / 1000));
  for (const [k, v] of Object.entries(context ?? {})) {
    if (v === undefined || v === null) m.delete(k.toLowerCase());
    else m.set(k.toLowerCase(), v);
  }
  return m;
}
