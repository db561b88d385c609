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
export const notAuthorizedToAssume = (caller: string, roleArn: string) =>
  new AwsError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
export const noSuchGroup = (name: string) => new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
export const groupExists = (name: string) => new AwsError('EntityAlreadyExists', `Group with name ${name} already exists.`);
export const noSuchGroupPolicy = (policy: string, group: string) =>
  new AwsError('NoSuchEntity', `The group policy with name ${policy} cannot be found for group ${group}.`);
export const removeMembersFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
export const leaveGroupsFirst = () => new AwsError('DeleteConflict', 'Cannot delete entity, must remove user from all groups first.');
