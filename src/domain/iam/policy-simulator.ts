/**
 * IAM's policy simulator API over Coffer's store: which policies take part (an entity's, or only the ones given),
 * who the simulated caller is, input checks with IAM's InvalidInput texts, then `simulate`. Also the context keys
 * those policies use (GetContextKeysFor{Principal,Custom}Policy).
 *
 * Policy ids as IAM reports them: a managed policy by its name, an inline policy as `<user|group|role>_<entity>_<name>`
 * (e.g. `role_ecs-exec_secrets`), given policies as `PolicyInputList.<n>` / `PermissionsBoundaryPolicyInputList.<n>`,
 * and the resource policy as `ResourcePolicy`.
 */
import type { StoreReader } from '../../storage/store.js';
import { isArnShaped } from '../policy/match.js';
import { PolicyCache, type PolicyKind, type RequestPrincipal } from '../policy/index.js';
import { contextKeys } from './context-keys.js';
import * as E from './errors.js';
import { groupPolicies, managedPolicyInForce, rolePolicies, type SourcedPolicy } from './principal-policies.js';
import { simulate, type SimulatedPolicy, type SimulatedPolicyType, type SimulationResult } from './simulate.js';
import { simulationContext, type ContextEntry } from './simulation-context.js';

export interface SimulationInput {
  policyInputList?: readonly string[];
  permissionsBoundaryPolicyInputList?: readonly string[];
  actionNames: readonly string[];
  resourceArns?: readonly string[];
  resourcePolicy?: string;
  resourceOwner?: string;
  callerArn?: string;
  contextEntries?: readonly ContextEntry[];
}

type Reader = Pick<
  StoreReader,
  | 'getUser'
  | 'getGroup'
  | 'getRole'
  | 'listUserPolicies'
  | 'listGroupsForUser'
  | 'listGroupPolicies'
  | 'listRolePolicies'
  | 'listAttachedPolicies'
  | 'getManagedPolicy'
  | 'getPolicyVersion'
>;

interface Entity {
  type: 'user' | 'group' | 'role';
  arn: string;
  accountId: string;
  policies: SimulatedPolicy[];
}

const ENTITY_ARN = /^arn:[\w-]+:iam::(\d{12}):(user|group|role)\/(?:[\x21-\x7E]*\/)?([\w+=,.@-]+)$/;
const ROOT_ARN = /^arn:[\w-]+:iam::(\d{12}):root$/;

export class PolicySimulator {
  private readonly cache = new PolicyCache(512);

  constructor(private readonly store: Reader) {}

  /** SimulatePrincipalPolicy: the entity's policies (a user's include its groups'), plus any given ones. */
  async simulatePrincipal(accountId: string, policySourceArn: string, input: SimulationInput): Promise<SimulationResult[]> {
    const given = this.givenPolicies(input);
    const resources = resourcesOf(input);
    const resourceOwner = resourceOwnerOf(input);
    const entity = await this.entity(accountId, policySourceArn);
    const callerArn = input.callerArn ?? (entity.type === 'user' ? entity.arn : undefined);
    const caller = this.caller(callerArn, input.resourcePolicy !== undefined) ?? { arn: entity.arn, accountId: entity.accountId };
    return simulate({
      identityPolicies: [...entity.policies, ...given.identity],
      permissionsBoundary: given.boundary,
      ...(given.resource ? { resourcePolicy: given.resource } : {}),
      actions: input.actionNames,
      resources,
      caller,
      ...(resourceOwner !== undefined ? { resourceOwner } : {}),
      context: simulationContext(input.contextEntries),
    });
  }

  /** SimulateCustomPolicy: only the given policies. */
  simulateCustom(accountId: string, input: SimulationInput): SimulationResult[] {
    const given = this.givenPolicies(input);
    const resources = resourcesOf(input);
    const resourceOwner = resourceOwnerOf(input);
    const caller = this.caller(input.callerArn, input.resourcePolicy !== undefined) ?? { arn: `arn:aws:iam::${accountId}:root`, accountId };
    return simulate({
      identityPolicies: given.identity,
      permissionsBoundary: given.boundary,
      ...(given.resource ? { resourcePolicy: given.resource } : {}),
      actions: input.actionNames,
      resources,
      caller,
      ...(resourceOwner !== undefined ? { resourceOwner } : {}),
      context: simulationContext(input.contextEntries),
    });
  }

  async contextKeysForPrincipal(accountId: string, policySourceArn: string, policyInputList: readonly string[] = []): Promise<string[]> {
    const given = this.parseAll(policyInputList, 'PolicyInputList', 'identity');
    const entity = await this.entity(accountId, policySourceArn);
    return contextKeys([...entity.policies, ...given].map((p) => p.policy));
  }

  contextKeysForCustom(policyInputList: readonly string[]): string[] {
    return contextKeys(this.parseAll(policyInputList, 'PolicyInputList', 'identity').map((p) => p.policy));
  }

  private givenPolicies(input: SimulationInput): { identity: SimulatedPolicy[]; boundary: SimulatedPolicy[]; resource?: SimulatedPolicy } {
    const identity = this.parseAll(input.policyInputList ?? [], 'PolicyInputList', 'identity');
    const boundary = this.parseAll(input.permissionsBoundaryPolicyInputList ?? [], 'PermissionsBoundaryPolicyInputList', 'identity');
    if (input.resourcePolicy === undefined) return { identity, boundary };
    return { identity, boundary, resource: this.parse(input.resourcePolicy, 'ResourcePolicy', 'Resource Policy', 'resource') };
  }

  private parseAll(texts: readonly string[], list: string, kind: PolicyKind): SimulatedPolicy[] {
    return texts.map((text, i) => this.parse(text, `${list}.${i + 1}`, 'IAM Policy', kind));
  }

  private parse(text: string, id: string, type: SimulatedPolicyType, kind: PolicyKind): SimulatedPolicy {
    const parsed = this.cache.parse(text, kind);
    if (!parsed.ok) throw E.invalidSimulationPolicy(parsed.problems[0]!.message);
    return { id, type, text, policy: parsed.policy };
  }

  /**
   * The simulated caller: an IAM user's ARN. A resource policy needs one (its Principal is matched against it);
   * without a resource policy and without one, `undefined` (the caller is then the entity itself).
   */
  private caller(callerArn: string | undefined, hasResourcePolicy: boolean): RequestPrincipal | undefined {
    if (callerArn === undefined) {
      if (hasResourcePolicy) throw E.invalidSimulationCaller();
      return undefined;
    }
    const m = ENTITY_ARN.exec(callerArn);
    if (!m || m[2] !== 'user') throw E.invalidSimulationCaller();
    return { arn: callerArn, accountId: m[1]! };
  }

  private async entity(accountId: string, arn: string): Promise<Entity> {
    const m = ENTITY_ARN.exec(arn);
    if (!m) throw E.invalidEntityArn(arn);
    const type = m[2] as Entity['type'];
    const name = m[3]!;
    const inAccount = m[1] === accountId;
    if (type === 'user') {
      const user = inAccount ? await this.store.getUser(accountId, name) : undefined;
      if (!user) throw E.noSuchUser(name);
      return { type, arn: user.arn, accountId, policies: await this.userPolicies(accountId, name) };
    }
    if (type === 'group') {
      const group = inAccount ? await this.store.getGroup(accountId, name) : undefined;
      if (!group) throw E.noSuchGroup(name);
      return { type, arn: group.arn, accountId, policies: this.sourced(await groupPolicies(this.store, accountId, name), name) };
    }
    const role = inAccount ? await this.store.getRole(accountId, name) : undefined;
    if (!role) throw E.noSuchRole(name);
    return { type, arn: role.arn, accountId, policies: this.sourced(await rolePolicies(this.store, accountId, name), name) };
  }

  /** A user's inline and attached policies, then each group's (the groups' policies are reported as the group's). */
  private async userPolicies(accountId: string, userName: string): Promise<SimulatedPolicy[]> {
    const own: SourcedPolicy[] = (await this.store.listUserPolicies(accountId, userName)).map((p) => ({
      sourceId: p.policyName,
      sourceType: 'user',
      document: p.document,
    }));
    for (const arn of await this.store.listAttachedPolicies(accountId, 'user', userName)) {
      const managed = await managedPolicyInForce(this.store, arn);
      if (managed) own.push(managed);
    }
    const policies = this.sourced(own, userName);
    for (const group of await this.store.listGroupsForUser(accountId, userName)) {
      policies.push(...this.sourced(await groupPolicies(this.store, accountId, group.groupName), group.groupName));
    }
    return policies;
  }

  /** Stored policies as simulator inputs; one that no longer parses (it was validated when stored) is left out. */
  private sourced(policies: readonly SourcedPolicy[], owner: string): SimulatedPolicy[] {
    const out: SimulatedPolicy[] = [];
    for (const p of policies) {
      const parsed = this.cache.parse(p.document, 'identity');
      if (!parsed.ok) continue;
      const id = p.policyArn !== undefined ? p.sourceId : `${p.sourceType}_${owner}_${p.sourceId}`;
      out.push({ id, type: 'IAM Policy', text: p.document, policy: parsed.policy });
    }
    return out;
  }
}

function resourcesOf(input: SimulationInput): string[] {
  const resources = input.resourceArns === undefined || input.resourceArns.length === 0 ? ['*'] : [...input.resourceArns];
  const bad = resources.find((r) => r !== '*' && !isArnShaped(r));
  if (bad !== undefined) throw E.invalidResourceName(bad);
  return resources;
}

/** ResourceOwner: an account id, or the account's root ARN (`arn:aws:iam::<account>:root`). */
function resourceOwnerOf(input: SimulationInput): string | undefined {
  const owner = input.resourceOwner;
  if (owner === undefined) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const m = ROOT_ARN.exec(owner);
  if (!m) throw E.invalidResourceOwner(owner);
  return m[1];
}
