/** The Secrets Manager error texts, exactly as AWS words them (see the reference for sources). */
import { AwsError } from '../../protocol/errors.js';

export const secretNotFound = () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
export const stageNotFound = (stage: string) =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
export const versionNotFound = (versionId: string) =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
export const versionRemoved = (versionId: string) =>
  new AwsError('InvalidRequestException', `You can't perform this operation on secret version ${versionId} because it was deleted.`);
export const stageNotOnVersion = () =>
  new AwsError('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.');
export const markedForDeletion = () =>
  new AwsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
export const nameScheduledForDeletion = () =>
  new AwsError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
export const alreadyMarkedDeleted = () =>
  new AwsError('InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");
export const tokenRequired = () =>
  new AwsError('InvalidRequestException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.');
export const secretExists = (name: string) =>
  new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
export const tokenInUse = (token: string, arn: string) =>
  new AwsError('ResourceExistsException', `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`);
export const bothValues = () =>
  new AwsError('InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret.");
export const noValue = () => new AwsError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
export const recoveryWindowRange = () =>
  new AwsError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
export const forceWithWindow = () =>
  new AwsError('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
export const decryptionFailure = (reason?: string) =>
  new AwsError('DecryptionFailure', `Secrets Manager can't decrypt the protected secret text using the provided KMS key.${reason ? ` ${reason}` : ''}`);
export const encryptionFailure = (reason: string) => new AwsError('EncryptionFailure', `Secrets Manager can't encrypt the secret value: ${reason}`);
export const kmsKeyNotFound = (kmsKeyId: string) => new AwsError('EncryptionFailure', `Secrets Manager can't encrypt the secret value: Key '${kmsKeyId}' does not exist`);
/** The caller may use the secret but not its KMS key (AWS answers 400 with this text). */
export const kmsAccessDenied = () => new AwsError('AccessDeniedException', 'Access to KMS is not allowed');
export const systemTag = (key: string) => new AwsError('InvalidParameterException', `You can't modify system tags. Tag key: '${key}'.`);
export const tooManyTags = (max: number) => new AwsError('InvalidParameterException', `You can't attach more than ${max} tags to a secret.`);
export const invalidNextToken = () => new AwsError('InvalidNextTokenException', 'You provided an invalid NextToken value.');
