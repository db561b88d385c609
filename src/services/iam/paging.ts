/** IAM list paging: `MaxItems` (default 100) items a page; `Marker` tells the next call where to continue. */
import { AwsError } from '../../protocol/errors.js';

export interface Page<T> {
  page: T[];
  isTruncated: boolean;
  /** Present exactly when `isTruncated`. */
  marker?: string;
}

/** Name-ordered items: `Marker` = the last name of the previous page. A marker past the last name gives an empty page. */
export function pageByName<T>(items: readonly T[], nameOf: (item: T) => string, marker: string | undefined, maxItems = 100): Page<T> {
  const after = marker === undefined ? 0 : items.findIndex((item) => nameOf(item) > marker);
  const start = after === -1 ? items.length : after;
  return slice(items, start, maxItems, (last) => nameOf(last));
}

/**
 * Items in an order other than by name (access keys: oldest first): `Marker` is an opaque position. A position past
 * the end gives an empty page; a marker this function did not make is rejected, as IAM rejects a foreign marker.
 */
export function pageByPosition<T>(items: readonly T[], marker: string | undefined, maxItems = 100): Page<T> {
  const start = marker === undefined ? 0 : decodePosition(marker);
  return slice(items, Math.min(start, items.length), maxItems, (_last, end) => encodePosition(end));
}

function slice<T>(items: readonly T[], start: number, maxItems: number, markerFor: (last: T, end: number) => string): Page<T> {
  const end = start + maxItems;
  const page = items.slice(start, end);
  if (end >= items.length) return { page, isTruncated: false };
  return { page, isTruncated: true, marker: markerFor(page[page.length - 1]!, end) };
}

const POSITION = /^position:(0|[1-9][0-9]{0,8})$/;

function encodePosition(position: number): string {
  return Buffer.from(`position:${position}`).toString('base64url');
}

function decodePosition(marker: string): number {
  const match = POSITION.exec(Buffer.from(marker, 'base64url').toString());
  // Re-encoding guards against the many strings base64url decoding accepts leniently.
  if (!match || encodePosition(Number(match[1])) !== marker) throw new AwsError('ValidationError', 'Invalid Marker.');
  return Number(match[1]);
}
