import { badRequest } from '../registry/shared/http-errors';

const VERSION = 'k1';

/** An opaque cursor of the sort key (a list of strings) of a page's last item. */
export const encodeKeyCursor = (key: readonly string[]): string => Buffer.from(JSON.stringify([VERSION, ...key]), 'utf8').toString('base64url');

/** The sort key a cursor carries; 400 (field cursor) unless this API made it for a key of `length` parts. */
export function decodeKeyCursor(cursor: string, length: number): string[] {
  let parts: unknown;
  try {
    parts = /^[A-Za-z0-9_-]+$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parts = undefined;
  }
  const valid = Array.isArray(parts) && parts[0] === VERSION && parts.length === length + 1 && parts.every((p) => typeof p === 'string');
  if (!valid) throw badRequest('cursor', 'is not a cursor returned by a previous page of this list');
  return (parts as string[]).slice(1);
}

/** Checks a path segment naming an item: 1 to 255 characters. */
export function pathName(field: string, value: string): string {
  if (value.length < 1 || value.length > 255) throw badRequest(field, 'must be 1 to 255 characters');
  return value;
}
