/**
 * AWS managed policies Coffer knows (`arn:aws:iam::aws:policy/…`): attachable like customer managed policies,
 * never stored, never changed.
 */
export interface AwsManagedPolicy {
  policyName: string;
  arn: string;
  policyId: string;
  path: string;
  description: string;
  versionId: string;
  document: string;
  /** Fixed, as AWS's are: when the version in force was published. */
  createdAt: number;
  updatedAt: number;
}

function awsPolicy(policyName: string, policyId: string, description: string, versionId: string, statements: unknown[], createdAt: string, updatedAt: string): AwsManagedPolicy {
  return {
    policyName,
    arn: `arn:aws:iam::aws:policy/${policyName}`,
    policyId,
    path: '/',
    description,
    versionId,
    document: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    createdAt: Date.parse(createdAt),
    updatedAt: Date.parse(updatedAt),
  };
}

const POLICIES: AwsManagedPolicy[] = [
  awsPolicy(
    'AdministratorAccess',
    'ANPAIWMBCKSKIEE64ZLYK',
    'Provides full access to AWS services and resources.',
    'v1',
    [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    '2015-02-06T18:39:46Z',
    '2015-02-06T18:39:46Z',
  ),
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(POLICIES.map((p) => [p.arn, p]));

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}
