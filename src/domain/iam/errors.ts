/** IAM's error texts (awsQuery services answer them in an XML <Error> envelope). */
import { AwsError } from '../../protocol/errors.js';

export const noSuchUser = (name: string) => new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`);
export const userExists = (name: string) => new AwsError('EntityAlreadyExists', `User with name ${name} already exists.`);
export const noSuchAccessKey = (id: string) => new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
export const noSuchUserPolicy = (policy: string, user: string) =>
  new AwsError('NoSuchEntity', `The user policy with name ${policy} cannot be found for user ${user}.`);
export const deleteKeysFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
export const deletePoliciesFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
export const accessKeyQuota = () => new AwsError('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
export const malformedPolicy = (message: string) => new AwsError('MalformedPolicyDocument', message);
export const noSuchRole = (name: string) => new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`);
export const roleExists = (name: string) => new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`);
export const noSuchRolePolicy = (policy: string, role: string) =>
  new AwsError('NoSuchEntity', `The role policy with name ${policy} cannot be found for role ${role}.`);
export const durationTooLong = () =>
  new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
export const notAuthorizedOnRole = (caller: string, action: string, roleArn: string) =>
  new AwsError('AccessDenied', `User: ${caller} is not authorized to perform: ${action} on resource: ${roleArn}`);
export const noSuchGroup = (name: string) => new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
export const groupExists = (name: string) => new AwsError('EntityAlreadyExists', `Group with name ${name} already exists.`);
export const noSuchGroupPolicy = (policy: string, group: string) =>
  new AwsError('NoSuchEntity', `The group policy with name ${policy} cannot be found for group ${group}.`);
export const removeMembersFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
export const leaveGroupsFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must remove user from all groups first.');

// sts:GetSessionToken
export const sessionCredentialsCannotGetSessionToken = () => new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
export const mfaNotSupported = () =>
  new AwsError('AccessDenied', 'MultiFactorAuthentication failed: Coffer has no MFA devices, so GetSessionToken takes no SerialNumber or TokenCode.');

// sts:AssumeRole session tags, managed session policies and role chaining
export const duplicateSessionTagKeys = () => new AwsError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
export const transitiveKeyNotInTags = () => new AwsError('InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.');
export const transitiveTagConflict = () =>
  new AwsError('InvalidParameterValue', "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
export const noSuchSessionPolicy = (arn: string) => new AwsError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`);
export const chainedDurationTooLong = () =>
  new AwsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
export const packedPolicyTooLarge = (percent: number) =>
  new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);

// IAM user and role tags
export const duplicateTagKeys = () => new AwsError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
export const reservedTagPrefix = () => new AwsError('InvalidInput', 'Tag keys and values cannot begin with the reserved prefix aws:.');
export const tagQuota = (entity: 'User' | 'Role') => new AwsError('LimitExceeded', `Cannot exceed quota for TagsPer${entity}: 50`);
export const detachPoliciesFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
export const noSuchPolicy = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
export const noSuchPolicyVersion = (arn: string, versionId: string) =>
  new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const policyExists = (name: string) => new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`);
export const policyVersionQuota = () =>
  new AwsError('LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
export const deleteDefaultVersion = () => new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.');
export const policyAttached = () => new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.');
export const policyHasVersions = () =>
  new AwsError(
    'DeleteConflict',
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
export const attachedPolicyQuota = (quota: 'PoliciesPerUser' | 'PoliciesPerGroup' | 'PoliciesPerRole') =>
  new AwsError('LimitExceeded', `Cannot exceed quota for ${quota}: 10`);
/** AWS managed policies belong to AWS's account: no other account may change them. */
export const awsManagedPolicyReadOnly = (caller: string, action: string, arn: string) =>
  new AwsError('AccessDenied', `User: ${caller} is not authorized to perform: ${action} on resource: policy ${arn} because no resource-based policy allows the ${action} action`);
/** Policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysFor*Policy) input errors. */
export const invalidEntityArn = (arn: string) =>
  new AwsError('InvalidInput', `Invalid Entity Arn: ${arn} does not clearly define entity type and name.`);
export const invalidSimulationCaller = () => new AwsError('InvalidInput', 'Invalid caller - Caller must be an IAM user in this context.');
export const invalidResourceName = (name: string) => new AwsError('InvalidInput', `ResourceNames are not in a valid ARN format: ${name}.`);
export const invalidResourceOwner = (owner: string) => new AwsError('InvalidInput', `'${owner}' is not a valid as a Resource Owner.`);
/** A policy given to the simulator that does not parse: the parser's MalformedPolicyDocument text, as InvalidInput. */
export const invalidSimulationPolicy = (message: string) => new AwsError('InvalidInput', message);
