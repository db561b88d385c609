/**
 * The one registry of AWS error codes Coffer can return. Each code is defined once, with its HTTP status, whether it
 * is a server fault, and the casing of the message member AWS uses for it (service-layer errors carry `Message`,
 * front-door/authentication errors carry `message`).
 *
 * @example
 *   throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
 */
export const ERROR_CODES = {
  // Secrets Manager modeled exceptions
  ResourceNotFoundException: { status: 400, messageField: 'Message' },
  InvalidParameterException: { status: 400, messageField: 'Message' },
  InvalidRequestException: { status: 400, messageField: 'Message' },
  InternalServiceError: { status: 500, messageField: 'Message' },
  DecryptionFailure: { status: 400, messageField: 'Message' },
  EncryptionFailure: { status: 400, messageField: 'Message' },
  LimitExceededException: { status: 400, messageField: 'Message' },
  ResourceExistsException: { status: 400, messageField: 'Message' },
  MalformedPolicyDocumentException: { status: 400, messageField: 'Message' },
  PreconditionNotMetException: { status: 400, messageField: 'Message' },
  InvalidNextTokenException: { status: 400, messageField: 'Message' },
  PublicPolicyException: { status: 400, messageField: 'Message' },
  // KMS modeled exceptions (botocore kms 2014-11-01)
  NotFoundException: { status: 400, messageField: 'message' },
  AlreadyExistsException: { status: 400, messageField: 'message' },
  InvalidAliasNameException: { status: 400, messageField: 'message' },
  InvalidArnException: { status: 400, messageField: 'message' },
  InvalidMarkerException: { status: 400, messageField: 'message' },
  InvalidKeyUsageException: { status: 400, messageField: 'message' },
  DisabledException: { status: 400, messageField: 'message' },
  KMSInvalidStateException: { status: 400, messageField: 'message' },
  InvalidCiphertextException: { status: 400, messageField: 'message' },
  IncorrectKeyException: { status: 400, messageField: 'message' },
  TagException: { status: 400, messageField: 'message' },
  UnsupportedOperationException: { status: 400, messageField: 'message' },
  DryRunOperationException: { status: 400, messageField: 'message' },
  // Unmodeled: KMS's answer to a customer alias under the reserved alias/aws/ prefix
  NotAuthorizedException: { status: 400, messageField: 'message' },
  // CloudTrail modeled exceptions (botocore cloudtrail 2013-11-01)
  InvalidLookupAttributesException: { status: 400, messageField: 'Message' },
  InvalidTimeRangeException: { status: 400, messageField: 'Message' },
  InvalidMaxResultsException: { status: 400, messageField: 'Message' },
  InvalidEventCategoryException: { status: 400, messageField: 'Message' },
  // Common (unmodeled) errors every awsJson service returns
  ValidationException: { status: 400, messageField: 'message' },
  AccessDeniedException: { status: 400, messageField: 'Message' },
  ThrottlingException: { status: 400, messageField: 'message' },
  SerializationException: { status: 400, messageField: 'Message' },
  UnknownOperationException: { status: 400, messageField: 'message' },
  RequestEntityTooLargeException: { status: 413, messageField: 'message' },
  ServiceUnavailableException: { status: 503, messageField: 'message' },
  InternalFailure: { status: 500, messageField: 'message' },
  // Authentication (front door)
  MissingAuthenticationTokenException: { status: 400, messageField: 'message' },
  IncompleteSignatureException: { status: 400, messageField: 'message' },
  InvalidSignatureException: { status: 400, messageField: 'message' },
  UnrecognizedClientException: { status: 400, messageField: 'message' },
  ExpiredTokenException: { status: 400, messageField: 'message' },
  // IAM and STS (awsQuery: XML <Error><Code>…), statuses from the botocore models
  NoSuchEntity: { status: 404, messageField: 'Message' },
  EntityAlreadyExists: { status: 409, messageField: 'Message' },
  DeleteConflict: { status: 409, messageField: 'Message' },
  LimitExceeded: { status: 409, messageField: 'Message' },
  MalformedPolicyDocument: { status: 400, messageField: 'Message' },
  InvalidInput: { status: 400, messageField: 'Message' },
  ServiceFailure: { status: 500, messageField: 'Message' },
  ValidationError: { status: 400, messageField: 'Message' },
  InvalidAction: { status: 400, messageField: 'Message' },
  MissingAction: { status: 400, messageField: 'Message' },
  AccessDenied: { status: 403, messageField: 'Message' },
  SignatureDoesNotMatch: { status: 403, messageField: 'Message' },
  InvalidClientTokenId: { status: 403, messageField: 'Message' },
  IncompleteSignature: { status: 400, messageField: 'Message' },
  MissingAuthenticationToken: { status: 403, messageField: 'Message' },
  ExpiredToken: { status: 403, messageField: 'Message' },
  PackedPolicyTooLarge: { status: 400, messageField: 'Message' },
  // awsQuery's form of ServiceUnavailableException (e.g. while Coffer is sealed)
  ServiceUnavailable: { status: 503, messageField: 'Message' },
  InvalidParameterValue: { status: 400, messageField: 'Message' },
} as const satisfies Record<string, { status: number; messageField: 'Message' | 'message' }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AwsError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageField: 'Message' | 'message';

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.messageField = ERROR_CODES[code].messageField;
  }

  /** True for 5xx errors: the caller did nothing wrong. */
  get isFault(): boolean {
    return this.status >= 500;
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}
