/** KMS's error texts (awsJson1_1, `__type` = the code). */
import { AwsError } from '../../protocol/errors.js';

export const keyNotFound = (arn: string) => new AwsError('NotFoundException', `Key '${arn}' does not exist`);
export const invalidKeyId = (keyId: string) => new AwsError('NotFoundException', `Invalid keyId '${keyId}'`);
export const aliasNotFound = (aliasArn: string) => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`);
export const aliasExists = (aliasArn: string) => new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);
export const invalidAliasName = (message: string) => new AwsError('InvalidAliasNameException', message);
export const reservedAlias = () => new AwsError('InvalidAliasNameException', 'Cannot create or modify an alias that begins with alias/aws/. These aliases are reserved for AWS managed keys.');
export const disabled = (arn: string) => new AwsError('DisabledException', `${arn} is disabled.`);
export const pendingDeletion = (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is pending deletion.`);
export const notPendingDeletion = (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is not pending deletion.`);
export const invalidCiphertext = () => new AwsError('InvalidCiphertextException', '');
export const incorrectKey = () =>
  new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
export const awsManagedKey = (arn: string, action: string) =>
  new AwsError('AccessDeniedException', `You cannot perform ${action} on AWS managed key ${arn}.`);
export const malformedKeyPolicy = (message: string) => new AwsError('MalformedPolicyDocumentException', message);
export const validation = (message: string) => new AwsError('ValidationException', message);
export const tagLimit = () => new AwsError('TagException', 'Too many tags. A KMS key can have at most 50 tags.');
export const invalidArn = (arn: string) => new AwsError('InvalidArnException', `${arn} is not a valid ARN.`);
