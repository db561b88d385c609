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
