/**
 * KMS list paging: `Limit` items a page, `NextMarker` + `Truncated: true` while more remain. Markers are opaque:
 * they carry the sort key of the last item returned, so a page continues after it even if items came or went
 * meanwhile. A marker Coffer did not make is an InvalidMarkerException.
 */
import * as E from '../../domain/kms/errors.js';

export interface KmsPage<T> {
  items: T[];
  /** The paging members of the output: `Truncated`, and `NextMarker` when truncated. */
  paging: { Truncated: boolean; NextMarker?: string };
}

/**
 * `items` must be sorted by `sortKeyOf` (code-point order). `limit` is capped at `maxLimit`, as KMS caps it per
 * operation below the model's 1000.
 */
export function kmsPage<T>(
  list: string,
  items: readonly T[],
  sortKeyOf: (item: T) => string,
  request: { Limit?: number; Marker?: string },
  defaults: { limit: number; maxLimit: number },
): KmsPage<T> {
  const limit = Math.min(request.Limit ?? defaults.limit, defaults.maxLimit);
  let start = 0;
  if (request.Marker !== undefined) {
    const after = decodeMarker(list, request.Marker);
    start = items.findIndex((item) => sortKeyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + limit);
  if (start + limit >= items.length) return { items: page, paging: { Truncated: false } };
  return { items: page, paging: { Truncated: true, NextMarker: encodeMarker(list, sortKeyOf(page[page.length - 1]!)) } };
}

function encodeMarker(list: string, sortKey: string): string {
  return Buffer.from(`${list}\n${sortKey}`).toString('base64url');
}

function decodeMarker(list: string, marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString();
  const newline = text.indexOf('\n');
  // Re-encoding guards against the many strings base64url decoding accepts leniently.
  if (newline === -1 || text.slice(0, newline) !== list || encodeMarker(list, text.slice(newline + 1)) !== marker) throw E.invalidMarker();
  return text.slice(newline + 1);
}
