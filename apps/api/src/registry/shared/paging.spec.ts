import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, page } from './paging';

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${String(i).padStart(4, '0')}`);
const take = (entries: string[], query: { limit?: number; cursor?: string }) => page(entries, (e) => e, (e) => e, query);

describe('page', () => {
  it('returns the first 100 in code-unit order by default, whatever the input order', () => {
    const all = names(150);
    const first = take([...all].reverse(), {});
    expect(first.items).toEqual(all.slice(0, DEFAULT_PAGE_SIZE));
    expect(first.nextCursor).not.toBeNull();
  });

  it('walks every entry exactly once, page by page, and ends with a null cursor', () => {
    const all = names(25);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = take(all, { limit: 10, cursor });
      seen.push(...p.items);
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('continues after the last key seen even when entries were added or removed meanwhile', () => {
    const first = take(['a', 'c', 'e'], { limit: 2 });
    expect(first.items).toEqual(['a', 'c']);
    expect(take(['b', 'd', 'e'], { limit: 2, cursor: first.nextCursor! }).items).toEqual(['d', 'e']);
  });

  it('refuses a cursor it did not issue as a 400 on the cursor field', () => {
    for (const cursor of ['bogus', 'not base64!', Buffer.from('v2:x').toString('base64url')]) {
      const error = (() => {
        try {
          take(['a'], { cursor });
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as BadRequestException).getResponse()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'cursor' }] });
    }
  });
});
