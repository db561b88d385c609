/** The key policies KMS gives keys by default: the customer default, and the one of Secrets Manager's AWS managed key. */

/** Delegates everything to the account, so IAM policies decide (AWS's default key policy). */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      ],
    },
    null,
    2,
  );
}

/** `aws/secretsmanager`: usable by anyone in the account, but only through Secrets Manager; metadata readable by the account. */
export function secretsManagerKeyPolicy(accountId: string, region: string): string {
  const via = `secretsmanager.${region}.amazonaws.com`;
  const sid = 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager';
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'auto-secretsmanager-2',
      Statement: [
        {
          Sid: sid,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': via } },
        },
        {
          // AWS's document repeats the first Sid here; Coffer's policy grammar insists on unique Sids.
          Sid: `${sid} (data keys)`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: { 'kms:ViaService': via } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}
