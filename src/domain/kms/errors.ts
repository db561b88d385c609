/** KMS's error texts (awsJson1_1, `__type` = the code). */
import { AwsError } from '../../protocol/errors.js';

export const keyNotFound = (arn: string) => new AwsError('NotFoundException', `Key '${arn}' does not exist`);
/** A key ARN of another region. */
export const invalidArnRegion = (region: string) => new AwsError('NotFoundException', `Invalid arn ${region}`);
export const invalidKeyId = (keyId: string) => new AwsError('NotFoundException', `Invalid keyId '${keyId}'`);
export const aliasNotFound = (aliasArn: string) => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`);
export const aliasExists = (aliasArn: string) => new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);
export const aliasWithoutPrefix = () =>
  new AwsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
export const aliasInvalidCharacters = (aliasName: string) => new AwsError('ValidationException', `${aliasName} contains invalid characters for an alias`);
/** KMS answers a customer's use of the reserved `alias/aws/` prefix with a bare NotAuthorizedException. */
export const reservedAlias = () => new AwsError('NotAuthorizedException', '');
export const aliasTargetIsAlias = () => new AwsError('ValidationException', 'Aliases must refer to keys. Not aliases');
export const disabled = (arn: string) => new AwsError('DisabledException', `${arn} is disabled.`);
export const pendingDeletion = (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is pending deletion.`);
export const notPendingDeletion = (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is not pending deletion.`);
export const invalidCiphertext = () => new AwsError('InvalidCiphertextException', '');
export const incorrectKey = () =>
  new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
export const awsManagedKey = (arn: string, action: string) =>
  new AwsError('AccessDeniedException', `You cannot perform ${action} on AWS managed key ${arn}.`);
export const malformedKeyPolicy = (message: string) => new AwsError('MalformedPolicyDocumentException', message);
export const keyPolicyLockout = () => malformedKeyPolicy('The new key policy will not allow you to update the key policy in the future.');
export const validation = (message: string) => new AwsError('ValidationException', message);
export const pendingWindowOutOfRange = () => validation('PendingWindowInDays must be between 7 and 30');
export const dataKeySizeUnclear = () => validation('Please specify either number of bytes or key spec.');
export const numberOfBytesRequired = () => validation('NumberOfBytes is required.');
export const unsupported = (message: string) => new AwsError('UnsupportedOperationException', message);
export const dryRun = () => new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
export const invalidMarker = () =>
  new AwsError('InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
export const noSuchPolicy = () => new AwsError('NotFoundException', 'No such policy exists');
export const reservedTagKey = () => new AwsError('TagException', 'Tags beginning with aws: are reserved');
export const incompatibleAlgorithm = (algorithm: string) =>
  new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec SYMMETRIC_DEFAULT.`);
export const tagLimit = () => new AwsError('TagException', 'Too many tags. A KMS key can have at most 50 tags.');
export const invalidArn = (arn: string) => new AwsError('InvalidArnException', `${arn} is not a valid ARN.`);
