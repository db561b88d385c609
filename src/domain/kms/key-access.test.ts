import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import type { KmsKeyRecord } from '../../storage/store.js';
import { assertKeyAccess } from './key-access.js';
import { defaultKeyPolicy, secretsManagerKeyPolicy } from './key-policies.js';

const ACCOUNT = '000000000000';
const bob = { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, accountId: ACCOUNT, isRoot: false, userId: 'AIDAEXAMPLE', username: 'bob' };
const root = { arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, isRoot: true, userId: ACCOUNT };

function key(policy: string, keyManager: 'AWS' | 'CUSTOMER' = 'CUSTOMER'): KmsKeyRecord {
  return {
    keyId: '11111111-2222-3333-4444-555555555555',
    accountId: ACCOUNT,
    region: 'us-east-1',
    arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
    description: '',
    keyState: 'Enabled',
    keyManager,
    policy,
    tags: [],
    createdAt: 0,
    rotationEnabled: false,
    currentMaterial: 1,
  };
}

function identity(statement: object) {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), { kind: 'identity' });
  if (!parsed.ok) throw new Error('bad test policy');
  return parsed.policy;
}

describe('assertKeyAccess', () => {
  it('both built-in key policies parse as resource policies', () => {
    expect(parsePolicy(defaultKeyPolicy(ACCOUNT), { kind: 'resource' }).ok).toBe(true);
    expect(parsePolicy(secretsManagerKeyPolicy(ACCOUNT, 'us-east-1'), { kind: 'resource' }).ok).toBe(true);
  });

  it('aws/secretsmanager: anyone in the account through Secrets Manager, nobody directly', () => {
    const smKey = key(secretsManagerKeyPolicy(ACCOUNT, 'us-east-1'), 'AWS');
    const caller = { principal: bob, identityPolicies: [] };
    expect(() => assertKeyAccess(caller, smKey, 'kms:Decrypt', { viaService: 'secretsmanager.us-east-1.amazonaws.com' })).not.toThrow();
    expect(() => assertKeyAccess(caller, smKey, 'kms:GenerateDataKey', { viaService: 'secretsmanager.us-east-1.amazonaws.com' })).not.toThrow();
    expect(() => assertKeyAccess(caller, smKey, 'kms:Decrypt')).toThrow(/because no resource-based policy allows the kms:Decrypt action/);
    expect(() => assertKeyAccess(caller, smKey, 'kms:Decrypt', { viaService: 'secretsmanager.eu-west-1.amazonaws.com' })).toThrow();
  });

  it('the default key policy delegates to IAM: an identity policy is needed and enough', () => {
    const cmk = key(defaultKeyPolicy(ACCOUNT));
    expect(() => assertKeyAccess({ principal: bob, identityPolicies: [] }, cmk, 'kms:Encrypt')).toThrow(
      `User: ${bob.arn} is not authorized to perform: kms:Encrypt on resource: ${cmk.arn} because no identity-based policy allows the kms:Encrypt action`,
    );
    const allow = identity({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: cmk.arn });
    expect(() => assertKeyAccess({ principal: bob, identityPolicies: [allow] }, cmk, 'kms:Encrypt')).not.toThrow();
    expect(() => assertKeyAccess({ principal: root, identityPolicies: [] }, cmk, 'kms:Encrypt')).not.toThrow();
  });

  it('without delegation IAM policies do not count, a direct grant does, and a key-policy Deny stops even root', () => {
    const direct = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'kms:Decrypt', Resource: '*' }] });
    const allowAll = identity({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    const cmk = key(direct);
    expect(() => assertKeyAccess({ principal: bob, identityPolicies: [] }, cmk, 'kms:Decrypt')).not.toThrow();
    expect(() => assertKeyAccess({ principal: bob, identityPolicies: [allowAll] }, cmk, 'kms:Encrypt')).toThrow(/no resource-based policy allows/);
    const denyRoot = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] });
    expect(() => assertKeyAccess({ principal: root, identityPolicies: [] }, key(denyRoot), 'kms:Decrypt')).toThrow(/explicit deny in a resource-based policy/);
  });
});
