/**
 * The resources an API call touched, for the event's `resources` and LookupEvents' ResourceType/ResourceName: taken
 * from the response when the call succeeded (the resolved ARN), else from what the request named.
 */
export interface AuditResource {
  type: string;
  name: string;
}

type Bag = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function resourcesOf(signingName: string, input: Bag | undefined, output: Bag | undefined): AuditResource[] {
  const found: AuditResource[] = [];
  const add = (type: string, name: string | undefined) => {
    if (name !== undefined && !found.some((r) => r.type === type && r.name === name)) found.push({ type, name });
  };
  switch (signingName) {
    case 'secretsmanager': {
      const type = 'AWS::SecretsManager::Secret';
      const batch = Array.isArray(output?.SecretValues) ? (output.SecretValues as Bag[]) : undefined;
      if (batch) for (const v of batch) add(type, str(v.ARN));
      else add(type, str(output?.ARN) ?? str(input?.SecretId) ?? str(input?.Name));
      if (!batch && Array.isArray(input?.SecretIdList)) for (const id of input.SecretIdList) add(type, str(id));
      break;
    }
    case 'kms': {
      const type = 'AWS::KMS::Key';
      const metadata = output?.KeyMetadata as Bag | undefined;
      add(type, str(metadata?.Arn) ?? str(output?.KeyId) ?? str(input?.KeyId) ?? str(input?.TargetKeyId));
      add(type, str(output?.SourceKeyId));
      add(type, str(input?.DestinationKeyId));
      break;
    }
    case 'iam':
      add('AWS::IAM::User', str(input?.UserName));
      add('AWS::IAM::Group', str(input?.GroupName));
      add('AWS::IAM::Role', str(input?.RoleName));
      add('AWS::IAM::Policy', str(input?.PolicyArn) ?? str((output?.Policy as Bag | undefined)?.Arn));
      add('AWS::IAM::AccessKey', str(input?.AccessKeyId) ?? str((output?.AccessKey as Bag | undefined)?.AccessKeyId));
      break;
    case 'sts':
      add('AWS::IAM::Role', str(input?.RoleArn));
      break;
  }
  return found;
}
