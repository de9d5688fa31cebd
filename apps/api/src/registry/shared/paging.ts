import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, MinLength } from 'class-validator';
import { badRequest } from './http-errors';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** `?limit=`: a page size between 1 and `max` (`default` when absent), described for OpenAPI. */
export const PageLimit = (max: number, defaultSize: number, description = 'Items per page.') =>
  applyDecorators(ApiPropertyOptional({ description, minimum: 1, maximum: max, default: defaultSize }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(max));

/** `?cursor=`: the previous page's nextCursor, at most `maxLength` characters when given. */
export const PageCursor = (maxLength?: number, description = 'nextCursor of the previous page.') =>
  applyDecorators(ApiPropertyOptional({ description }), IsOptional(), IsString(), maxLength === undefined ? MinLength(1) : Length(1, maxLength));

/** `?limit=&cursor=` of every collection GET. */
export class ListQuery {
  @PageLimit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const CURSOR_VERSION = 'v1:';

const encodeCursor = (sortKey: string): string => Buffer.from(CURSOR_VERSION + sortKey, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(CURSOR_VERSION)) throw badRequest('cursor', 'is not a cursor returned by a previous page');
  return text.slice(CURSOR_VERSION.length);
}

/**
 * One page of `entries` in sort-key order (plain code-unit order, so it is deterministic): the
 * entries after the cursor's key, which stays valid when entries are added or removed meanwhile.
 */
export function page<E, T>(entries: Iterable<E>, sortKey: (e: E) => string, present: (e: E) => T, query: ListQuery): Page<T> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const keyed = [...entries].map((e) => ({ e, key: sortKey(e) })).filter((k) => after === undefined || k.key > after);
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const slice = keyed.slice(0, limit);
  const more = keyed.length > limit;
  return { items: slice.map((k) => present(k.e)), nextCursor: more ? encodeCursor(slice[slice.length - 1].key) : null };
}
