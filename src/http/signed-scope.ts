/** What a request says about its signature before it is verified: header values and the credential scope. */
import type { IncomingMessage } from 'node:http';

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Access key id, region and service from the Authorization header or a presigned URL's X-Amz-Credential, each only
 * when well formed. Nothing here is trusted: it names the service to verify against, and an unauthenticated
 * request's audit event.
 */
export function signedScope(req: IncomingMessage): { accessKeyId?: string; region?: string; service?: string } {
  const credential =
    /Credential=([^,\s]+)/.exec(headerValue(req, 'authorization') ?? '')?.[1] ??
    (() => {
      const q = req.url?.indexOf('?') ?? -1;
      return q === -1 ? undefined : (new URLSearchParams(req.url!.slice(q + 1)).get('X-Amz-Credential') ?? undefined);
    })();
  if (!credential) return {};
  const [accessKeyId, , region, service] = credential.split('/');
  return {
    ...(accessKeyId && /^[A-Z0-9]{16,128}$/.test(accessKeyId) ? { accessKeyId } : {}),
    ...(region && /^[a-z0-9-]{1,32}$/.test(region) ? { region } : {}),
    ...(service && /^[a-z0-9-]{1,32}$/.test(service) ? { service } : {}),
  };
}
