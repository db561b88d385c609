/**
 * The awsQuery codec, response side: a small XML writer and the query protocol's success and error envelopes.
 *
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult>…</CreateUserResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </CreateUserResponse>
 *
 *   <ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
 *
 * Output values follow the output shape: lists as `<Foo><member>…</member></Foo>` (repeated `<Foo>` when flattened),
 * maps as `<Foo><entry><key>…</key><value>…</value></entry></Foo>`, timestamps as ISO 8601 with milliseconds and `Z`,
 * booleans `true`/`false`, blobs in base64. Members the shape does not name, and null/undefined values, are omitted.
 * The documents are written without whitespace between elements.
 */
import type { ServerResponse } from 'node:http';
import type { QueryErrorLike, QueryTraits } from './query.js';
import type { Shape, StructureShape } from './shape.js';

export const XML_CONTENT_TYPE = 'text/xml';
export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

/**
 * Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other than tab, newline and
 * carriage return, U+FFFE, U+FFFF and unpaired surrogates. They are replaced with U+FFFD.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes text for element content or a double-quoted attribute value: the five predefined entities, carriage return
 * as a character reference (a parser would otherwise turn it into a newline), and characters XML 1.0 forbids as
 * U+FFFD.
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\r]/g, (ch) => ESCAPES[ch]!);
}

/** `<name>text</name>`, or `<name/>` for empty text; `name` must be an XML name (it comes from the model). */
export function element(name: string, text: string): string {
  return text === '' ? `<${name}/>` : `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name>` around already-serialized children, or `<name/>` when there are none. */
function wrap(name: string, children: string): string {
  return children === '' ? `<${name}/>` : `<${name}>${children}</${name}>`;
}

function traits(shape: Shape): QueryTraits {
  return shape as QueryTraits;
}

/** ISO 8601 with milliseconds and `Z`. Accepts a Date, epoch seconds, or a string `Date` can parse. */
export function formatTimestamp(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/** Serializes the members of a structure value (not its own element) by `shape`. */
export function serializeMembers(shape: StructureShape, value: Record<string, unknown>): string {
  let out = '';
  for (const [name, member] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out += serializeValue(member, v, traits(member).locationName ?? name);
  }
  return out;
}

/** Serializes one value as the element `name` (or, for a flattened list or map, as repeated elements). */
export function serializeValue(shape: Shape, value: unknown, name: string): string {
  switch (shape.type) {
    case 'structure':
      return wrap(name, serializeMembers(shape, value as Record<string, unknown>));
    case 'list': {
      const items = value as readonly unknown[];
      const flattened = traits(shape).flattened === true;
      const itemName = traits(shape.member).locationName ?? (flattened ? name : 'member');
      let children = '';
      for (const item of items) {
        if (item === undefined || item === null) continue;
        children += serializeValue(shape.member, item, itemName);
      }
      return flattened ? children : wrap(name, children);
    }
    case 'map': {
      const entries = value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : Object.entries(value as Record<string, unknown>);
      const keyName = traits(shape.key).locationName ?? 'key';
      const valueName = traits(shape.value).locationName ?? 'value';
      const flattened = traits(shape).flattened === true;
      let children = '';
      for (const [k, v] of entries) {
        if (v === undefined || v === null) continue;
        const entry = serializeValue(shape.key, k, keyName) + serializeValue(shape.value, v, valueName);
        children += flattened ? `<${name}>${entry}</${name}>` : `<entry>${entry}</entry>`;
      }
      return flattened ? children : wrap(name, children);
    }
    case 'string':
      return element(name, String(value));
    case 'integer':
    case 'long':
      return element(name, typeof value === 'bigint' ? value.toString() : String(Number(value)));
    case 'boolean':
      return element(name, value ? 'true' : 'false');
    case 'timestamp':
      return element(name, formatTimestamp(value));
    case 'blob': {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value as Uint8Array);
      return element(name, bytes.toString('base64'));
    }
  }
}

function responseMetadata(requestId: string): string {
  return `<ResponseMetadata>${element('RequestId', requestId)}</ResponseMetadata>`;
}

/**
 * The success envelope. Without an output shape (DeleteUser and the like) the response holds only
 * `<ResponseMetadata>`.
 */
export function serializeQueryResult(
  namespace: string,
  operation: string,
  requestId: string,
  outputShape: StructureShape | undefined,
  output: Record<string, unknown> | undefined,
): string {
  const result = outputShape === undefined ? '' : wrap(`${operation}Result`, serializeMembers(outputShape, output ?? {}));
  return `<${operation}Response xmlns="${escapeXml(namespace)}">${result}${responseMetadata(requestId)}</${operation}Response>`;
}

/** The error envelope; `Type` is `Receiver` for 5xx unless the error says otherwise. An empty message is omitted. */
export function serializeQueryError(namespace: string, requestId: string, error: QueryErrorLike): string {
  const type = error.type ?? (error.status >= 500 ? 'Receiver' : 'Sender');
  const message = error.message === '' ? '' : element('Message', error.message);
  return (
    `<ErrorResponse xmlns="${escapeXml(namespace)}">` +
    `<Error>${element('Type', type)}${element('Code', error.code)}${message}</Error>` +
    `${element('RequestId', requestId)}</ErrorResponse>`
  );
}

export function sendXml(res: ServerResponse, requestId: string, status: number, xml: string): void {
  const payload = Buffer.from(xml, 'utf8');
  res.writeHead(status, {
    'Content-Type': XML_CONTENT_TYPE,
    'Content-Length': payload.length,
    'x-amzn-RequestId': requestId,
  });
  res.end(payload);
}

/** 200 with the success envelope; pass `outputShape` undefined for operations that have no output. */
export function sendQueryResult(
  res: ServerResponse,
  requestId: string,
  namespace: string,
  operation: string,
  outputShape: StructureShape | undefined,
  output: Record<string, unknown> | undefined,
): void {
  sendXml(res, requestId, 200, serializeQueryResult(namespace, operation, requestId, outputShape, output));
}

/** The error's status with the error envelope. */
export function sendQueryError(res: ServerResponse, requestId: string, namespace: string, error: QueryErrorLike): void {
  sendXml(res, requestId, error.status, serializeQueryError(namespace, requestId, error));
}
