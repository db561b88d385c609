import { describe, expect, it } from 'vitest';
import { parsePolicy, type CompiledPolicy } from '../policy/index.js';
import { contextKeys, resourceVariables } from './context-keys.js';

function policy(document: object): CompiledPolicy {
  const parsed = parsePolicy(JSON.stringify(document), { kind: 'identity' });
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  return parsed.policy;
}

describe('contextKeys', () => {
  it('lists resource variables, condition keys and variables in condition values, in document order, once each', () => {
    const p = policy({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          NotResource: ['arn:aws:s3:::${aws:username}/${ aws:PrincipalTag/team , \'none\' }/*', 'arn:aws:s3:::x/${*}${?}${$}'],
          Condition: { StringEquals: { 's3:prefix': '${aws:userid}/', 'AWS:UserName': 'x' }, Null: { 'aws:SourceVpc': 'true' } },
        },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    expect(contextKeys([p])).toEqual(['aws:username', 'aws:PrincipalTag/team', 's3:prefix', 'aws:userid', 'aws:SourceVpc', 'aws:SecureTransport']);
    expect(resourceVariables(p, 0)).toEqual(['aws:username', 'aws:PrincipalTag/team']);
    expect(resourceVariables(p, 1)).toEqual([]);
  });

  it('takes ${...} literally in 2008-10-17 policies, as the evaluator does', () => {
    const p = policy({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${aws:username}', Condition: { StringLike: { 'aws:Referer': '${aws:userid}' } } } });
    expect(contextKeys([p])).toEqual(['aws:Referer']);
  });
});
