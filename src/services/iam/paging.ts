/** IAM list paging: name-ordered items, `Marker` = the last name of the previous page, `MaxItems` (default 100). */
export function pageByName<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  marker: string | undefined,
  maxItems = 100,
): { page: T[]; isTruncated: boolean; marker?: string } {
  const after = marker === undefined ? 0 : items.findIndex((item) => nameOf(item) > marker);
  const start = after === -1 ? items.length : after;
  const page = items.slice(start, start + maxItems);
  const isTruncated = start + maxItems < items.length;
  return isTruncated ? { page, isTruncated, marker: nameOf(page[page.length - 1]!) } : { page, isTruncated };
}
