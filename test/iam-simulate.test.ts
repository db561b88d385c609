/** The IAM policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysFor*Policy) through the real IAM client. */
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, startTestCoffer, type TestCoffer } from './support/coffer.js';

const ACCOUNT = '000000000000';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/sim-alice`;
const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`;

/** Pretty-printed with two spaces, so the statement positions below can be read off the text. */
const ALICE_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadProd', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/*' },
      { Sid: 'NoLegacy', Effect: 'Deny', Action: 'secretsmanager:*', Resource: 'arn:aws:secretsmanager:*:*:secret:prod/legacy-*' },
    ],
  },
  null,
  2,
);
// Line 3 is `  "Statement": [` (the `[` in column 16); the first statement closes on line 9, the second on line 15 (`    }`).
const READ_PROD = { SourcePolicyId: 'user_sim-alice_prod-reader', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 3, Column: 17 }, EndPosition: { Line: 9, Column: 6 } };
const NO_LEGACY = { SourcePolicyId: 'user_sim-alice_prod-reader', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 9, Column: 6 }, EndPosition: { Line: 15, Column: 6 } };

/** The AWS CLI documentation's simulate-custom-policy example: IAM reports its statement at 1:38 to 1:167. */
const AFTER_2018 =
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

let coffer: TestCoffer;
let iam: IAMClient;

beforeAll(async () => {
  coffer = await startTestCoffer();
  iam = new IAMClient({ endpoint: coffer.endpoint, region: 'us-east-1', credentials: coffer.rootCredentials, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: 'sim-alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'sim-alice', PolicyName: 'prod-reader', PolicyDocument: ALICE_POLICY }));
  await iam.send(new CreateGroupCommand({ GroupName: 'sim-listers' }));
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'sim-listers',
      PolicyName: 'list-all',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }),
    }),
  );
  await iam.send(new AddUserToGroupCommand({ GroupName: 'sim-listers', UserName: 'sim-alice' }));
});
afterAll(async () => {
  iam.destroy();
  await coffer.destroy();
});

async function simulateAlice(input: Partial<ConstructorParameters<typeof SimulatePrincipalPolicyCommand>[0]>): Promise<EvaluationResult[]> {
  const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER_ARN, ActionNames: ['secretsmanager:GetSecretValue'], ...input }));
  expect(out.IsTruncated).toBe(false);
  return out.EvaluationResults!;
}

describe('SimulatePrincipalPolicy', () => {
  it("reports a user's inline policy: allowed on prod, implicitDeny on dev, explicitDeny where a Deny matches", async () => {
    const results = await simulateAlice({ ResourceArns: [secret('prod/db'), secret('dev/db'), secret('prod/legacy-db')] });
    expect(results.map((r) => [r.EvalResourceName, r.EvalDecision])).toEqual([
      [secret('prod/db'), 'allowed'],
      [secret('dev/db'), 'implicitDeny'],
      [secret('prod/legacy-db'), 'explicitDeny'],
    ]);
    expect(results[0]).toEqual({
      EvalActionName: 'secretsmanager:GetSecretValue',
      EvalResourceName: secret('prod/db'),
      EvalDecision: 'allowed',
      MatchedStatements: [READ_PROD],
      MissingContextValues: [],
      EvalDecisionDetails: {},
      ResourceSpecificResults: [{ EvalResourceName: secret('prod/db'), EvalResourceDecision: 'allowed', MatchedStatements: [READ_PROD], MissingContextValues: [] }],
    });
    expect(results[1]!.MatchedStatements).toEqual([]);
    expect(results[2]!.MatchedStatements).toEqual([READ_PROD, NO_LEGACY]);
    expect(results[2]!.ResourceSpecificResults![0]!.EvalResourceDecision).toBe('explicitDeny');
  });

  it("includes the user's groups' policies, reported as the group's, and lists the context keys they need", async () => {
    const [missing] = await simulateAlice({ ActionNames: ['secretsmanager:ListSecrets'] });
    expect(missing).toEqual({
      EvalActionName: 'secretsmanager:ListSecrets',
      EvalResourceName: '*',
      EvalDecision: 'implicitDeny',
      MatchedStatements: [],
      MissingContextValues: ['aws:PrincipalTag/team'],
    });
    const [tagged] = await simulateAlice({
      ActionNames: ['secretsmanager:ListSecrets'],
      ContextEntries: [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['blue'], ContextKeyType: 'string' }],
    });
    expect(tagged!.EvalDecision).toBe('allowed');
    expect(tagged!.MissingContextValues).toEqual([]);
    expect(tagged!.MatchedStatements).toEqual([
      { SourcePolicyId: 'group_sim-listers_list-all', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 171 } },
    ]);
    const [red] = await simulateAlice({
      ActionNames: ['secretsmanager:ListSecrets'],
      ContextEntries: [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['red'], ContextKeyType: 'string' }],
    });
    expect(red!.EvalDecision).toBe('implicitDeny');
  });

  it("simulates a group's own policies only, and a role's", async () => {
    const groupArn = `arn:aws:iam::${ACCOUNT}:group/sim-listers`;
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: groupArn, ActionNames: ['secretsmanager:GetSecretValue'], ResourceArns: [secret('prod/db')] }),
    );
    expect(out.EvaluationResults![0]!.EvalDecision).toBe('implicitDeny');

    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'sim-deployer', AssumeRolePolicyDocument: trust }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'sim-deployer', PolicyName: 'write', PolicyDocument: doc({ Effect: 'Allow', Action: 'secretsmanager:PutSecretValue', Resource: '*' }) }),
    );
    const role = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: Role!.Arn!, ActionNames: ['secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'] }),
    );
    expect(role.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements!.map((s) => s.SourcePolicyId)])).toEqual([
      ['secretsmanager:PutSecretValue', 'allowed', ['role_sim-deployer_write']],
      ['secretsmanager:DeleteSecret', 'implicitDeny', []],
    ]);
    // A resource policy's Principal needs an IAM user as the caller; a role cannot be one.
    const err = await awsError(() =>
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: Role!.Arn!,
          ActionNames: ['secretsmanager:GetSecretValue'],
          ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
        }),
      ),
    );
    expect(err).toEqual({ name: 'InvalidInputException', message: 'Invalid caller - Caller must be an IAM user in this context.', status: 400 });
  });

  it('adds PolicyInputList documents to the entity policies, as PolicyInputList.<n>', async () => {
    const [r] = await simulateAlice({
      ResourceArns: [secret('dev/db')],
      PolicyInputList: [doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:dev/*' })],
    });
    expect(r!.EvalDecision).toBe('allowed');
    expect(r!.MatchedStatements).toEqual([
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 150 } },
    ]);
  });

  it('evaluates a resource policy with the user as the caller', async () => {
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const [r] = await simulateAlice({ ResourceArns: [secret('dev/db')], ResourcePolicy: resourcePolicy });
    expect(r!.EvalDecision).toBe('allowed');
    expect(r!.MatchedStatements).toEqual([
      { SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'Resource Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 175 } },
    ]);
    // Simulated as another user (CallerArn), whom the resource policy does not name: Alice's policies alone decide.
    const [bob] = await simulateAlice({ ResourceArns: [secret('dev/db')], ResourcePolicy: resourcePolicy, CallerArn: `arn:aws:iam::${ACCOUNT}:user/bob` });
    expect(bob!.EvalDecision).toBe('implicitDeny');
  });

  it('answers NoSuchEntity for an unknown entity and InvalidInput for an ARN that names no entity', async () => {
    for (const [arn, message] of [
      [`arn:aws:iam::${ACCOUNT}:user/nobody`, 'The user with name nobody cannot be found.'],
      [`arn:aws:iam::${ACCOUNT}:role/nobody`, 'The role with name nobody cannot be found.'],
      [`arn:aws:iam::${ACCOUNT}:group/nobody`, 'The group with name nobody cannot be found.'],
    ] as const) {
      const err = await awsError(() => iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['secretsmanager:ListSecrets'] })));
      expect(err).toEqual({ name: 'NoSuchEntityException', message, status: 404 });
    }
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/sim-deployer/s1`;
    const err = await awsError(() => iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['secretsmanager:ListSecrets'] })));
    expect(err).toEqual({ name: 'InvalidInputException', message: `Invalid Entity Arn: ${session} does not clearly define entity type and name.`, status: 400 });
  });

  it('pages through action x resource results with MaxItems and Marker', async () => {
    const input = {
      PolicySourceArn: USER_ARN,
      ActionNames: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret'],
      ResourceArns: [secret('prod/db'), secret('dev/db')],
    };
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 4 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.EvaluationResults!.map((r) => `${r.EvalActionName} ${r.EvalResourceName}`)).toEqual([
      `secretsmanager:GetSecretValue ${secret('prod/db')}`,
      `secretsmanager:GetSecretValue ${secret('dev/db')}`,
      `secretsmanager:DescribeSecret ${secret('prod/db')}`,
      `secretsmanager:DescribeSecret ${secret('dev/db')}`,
    ]);
    const second = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 4, Marker: first.Marker! }));
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
    expect(second.EvaluationResults!.map((r) => `${r.EvalActionName} ${r.EvalResourceName}`)).toEqual([
      `secretsmanager:DeleteSecret ${secret('prod/db')}`,
      `secretsmanager:DeleteSecret ${secret('dev/db')}`,
    ]);
  });

  it('is authorized on the simulated entity', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'sim-carol' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'sim-carol',
        PolicyName: 'self-sim',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: `arn:aws:iam::${ACCOUNT}:user/sim-carol` }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'sim-carol' }));
    const carol = new IAMClient({
      endpoint: coffer.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
      maxAttempts: 1,
    });
    try {
      const own = await carol.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim-carol`, ActionNames: ['iam:SimulatePrincipalPolicy'], ResourceArns: [`arn:aws:iam::${ACCOUNT}:user/sim-carol`] }),
      );
      expect(own.EvaluationResults![0]!.EvalDecision).toBe('allowed');
      const err = await awsError(() => carol.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER_ARN, ActionNames: ['secretsmanager:ListSecrets'] })));
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toBe(
        `User: arn:aws:iam::${ACCOUNT}:user/sim-carol is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${USER_ARN} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
      );
    } finally {
      carol.destroy();
    }
  });
});

describe('SimulateCustomPolicy', () => {
  const custom = (input: Partial<ConstructorParameters<typeof SimulateCustomPolicyCommand>[0]>) =>
    iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [AFTER_2018], ActionNames: ['dynamodb:CreateBackup'], ...input })).then((o) => o.EvaluationResults!);

  it("matches the AWS CLI documentation's date example, statement positions included", async () => {
    const [allowed] = await custom({ ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }] });
    expect(allowed).toEqual({
      EvalActionName: 'dynamodb:CreateBackup',
      EvalResourceName: '*',
      EvalDecision: 'allowed',
      MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
      MissingContextValues: [],
    });
    const [early] = await custom({ ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2014-04-25T11:00:00Z'], ContextKeyType: 'date' }] });
    expect([early!.EvalDecision, early!.MatchedStatements, early!.MissingContextValues]).toEqual(['implicitDeny', [], []]);
    // No clock in a simulation: without the key the condition cannot hold, and the key is reported missing.
    const [unknown] = await custom({});
    expect([unknown!.EvalDecision, unknown!.MissingContextValues]).toEqual(['implicitDeny', ['aws:CurrentTime']]);
  });

  it('evaluates aws:SourceIp given as an ip context entry', async () => {
    const policy = doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });
    const ip = (address: string) => [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: [address], ContextKeyType: 'ip' as const }];
    const inside = await custom({ PolicyInputList: [policy], ActionNames: ['secretsmanager:GetSecretValue'], ContextEntries: ip('10.1.2.3') });
    const outside = await custom({ PolicyInputList: [policy], ActionNames: ['secretsmanager:GetSecretValue'], ContextEntries: ip('192.168.1.1') });
    expect([inside[0]!.EvalDecision, outside[0]!.EvalDecision]).toEqual(['allowed', 'implicitDeny']);
  });

  it('resolves policy variables only from context entries, and reports the ones it lacks', async () => {
    const policy = doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:*:secret:${aws:username}/*' });
    const base = { PolicyInputList: [policy], ActionNames: ['secretsmanager:GetSecretValue'], ResourceArns: [secret('alice/db')] };
    const [without] = await custom(base);
    expect(without!.EvalDecision).toBe('implicitDeny');
    expect(without!.MissingContextValues).toEqual([]);
    expect(without!.ResourceSpecificResults![0]!.MissingContextValues).toEqual(['aws:username']);
    const [withName] = await custom({ ...base, ContextEntries: [{ ContextKeyName: 'aws:username', ContextKeyValues: ['alice'], ContextKeyType: 'string' }] });
    expect(withName!.EvalDecision).toBe('allowed');
  });

  it('applies a resource policy for the CallerArn, and requires a CallerArn with a resource policy', async () => {
    const noAllow = doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' });
    const resourcePolicy = doc({ Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    const [r] = await custom({ PolicyInputList: [noAllow], ActionNames: ['secretsmanager:GetSecretValue'], ResourceArns: [secret('prod/db')], ResourcePolicy: resourcePolicy, CallerArn: USER_ARN });
    expect(r!.EvalDecision).toBe('allowed');
    expect(r!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType])).toEqual([['ResourcePolicy', 'Resource Policy']]);
    const err = await awsError(() => custom({ PolicyInputList: [noAllow], ActionNames: ['secretsmanager:GetSecretValue'], ResourcePolicy: resourcePolicy }));
    expect(err).toEqual({ name: 'InvalidInputException', message: 'Invalid caller - Caller must be an IAM user in this context.', status: 400 });
  });

  it('lists the permissions boundary statements and its verdict', async () => {
    const admin = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
    const boundary = doc({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' });
    const results = await custom({ PolicyInputList: [admin], PermissionsBoundaryPolicyInputList: [boundary], ActionNames: ['secretsmanager:ListSecrets', 'secretsmanager:GetSecretValue'] });
    expect(results.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail, r.MatchedStatements!.map((s) => s.SourcePolicyId)])).toEqual([
      ['allowed', { AllowedByPermissionsBoundary: true }, ['PolicyInputList.1', 'PermissionsBoundaryPolicyInputList.1']],
      ['implicitDeny', { AllowedByPermissionsBoundary: false }, ['PolicyInputList.1']],
    ]);
  });

  it('rejects malformed policies, resource names that are not ARNs and a bad ResourceOwner with InvalidInput', async () => {
    expect(await awsError(() => custom({ PolicyInputList: ['{'] }))).toEqual({ name: 'InvalidInputException', message: 'Syntax errors in policy.', status: 400 });
    expect(await awsError(() => custom({ PolicyInputList: [doc({ Effect: 'Allow', Action: 'secretsmanager:*' })] }))).toEqual({
      name: 'InvalidInputException',
      message: 'Policy statement must contain resources.',
      status: 400,
    });
    expect(await awsError(() => custom({ ResourceArns: ['prod/db'] }))).toEqual({
      name: 'InvalidInputException',
      message: 'ResourceNames are not in a valid ARN format: prod/db.',
      status: 400,
    });
    expect(await awsError(() => custom({ ResourceOwner: 'someone' }))).toEqual({ name: 'InvalidInputException', message: "'someone' is not a valid as a Resource Owner.", status: 400 });
  });
});

describe('GetContextKeysFor{Custom,Principal}Policy', () => {
  it("lists the AWS CLI documentation example's keys in document order", async () => {
    const policy =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}';
    const out = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [policy] }));
    expect(out.ContextKeyNames).toEqual(['aws:username', 'aws:CurrentTime']);
  });

  it("lists the keys of a user's policies, its groups' included, plus the given ones", async () => {
    const extra = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:principaltag/TEAM': 'x' } } });
    const out = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: USER_ARN, PolicyInputList: [extra] }));
    expect(out.ContextKeyNames).toEqual(['aws:PrincipalTag/team', 'aws:SecureTransport']);
    const err = await awsError(() => iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nobody` })));
    expect(err).toEqual({ name: 'NoSuchEntityException', message: 'The user with name nobody cannot be found.', status: 404 });
  });
});
