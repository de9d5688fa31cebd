import { afterAll, describe, expect, it } from 'vitest';
import { createClickHouse } from './clickhouse';
import { ident, join, sql, type SqlValue } from './sql-binder';
import { clickhouseUrl } from '../../../test/support/servers';

const ch = createClickHouse({ url: clickhouseUrl });
afterAll(() => ch.close());

async function selectValue(value: SqlValue): Promise<unknown> {
  const rows = await ch.query<{ v: unknown }>(sql`SELECT ${value} AS v`);
  return rows[0].v;
}

describe('sql binder against the real server', () => {
  it.each([
    ["it's"],
    ['back\\slash \\\\ and \\n literal'],
    ['line\nbreak\r\ncarriage\ttab'],
    ['nul\0inside\0'],
    ['\x01\x07\x08\x0b\x0c\x1b\x1f\x7f'],
    ['ünïcødé 漢字 😀 \u2028\u2029'],
    ["'; DROP TABLE system.numbers; --"],
    ["\\'; SELECT 1; --"],
    ['${x} {x:String} ? $1 %s'],
    ['`backticks` "quotes"'],
    [''],
  ])('returns hostile string %j exactly as sent', async (value) => {
    expect(await selectValue(value)).toBe(value);
  });

  it('returns numbers, booleans and null as sent', async () => {
    expect(await selectValue(42)).toBe(42);
    expect(await selectValue(-1.25)).toBe(-1.25);
    expect(await selectValue(true)).toBe(1);
    expect(await selectValue(null)).toBeNull();
  });

  it('keeps a negative value after a minus sign arithmetic, not a comment', async () => {
    const rows = await ch.query<{ v: number }>(sql`SELECT 10 -${-5} AS v`);
    expect(rows[0].v).toBe(15);
  });

  it('returns the extreme UInt64 and Int64 values exactly', async () => {
    expect(await selectValue(18446744073709551615n)).toBe('18446744073709551615');
    expect(await selectValue(-9223372036854775808n)).toBe('-9223372036854775808');
  });

  it('binds a Date as the same instant whatever the server timezone', async () => {
    const at = new Date('2024-02-29T23:59:58Z');
    const rows = await ch.query<{ v: number }>(sql`SELECT toUnixTimestamp(${at}) AS v`);
    expect(rows[0].v).toBe(at.getTime() / 1000);
  });

  it('returns arrays of hostile strings and nested numbers as sent', async () => {
    expect(await selectValue(["a'b", 'c\\d', 'e\nf'])).toEqual(["a'b", 'c\\d', 'e\nf']);
    expect(await selectValue([[1, -2], [3]])).toEqual([[1, -2], [3]]);
  });

  it('filters with identifiers and an IN list built by join', async () => {
    const rows = await ch.query<{ n: number }>(
      sql`SELECT ${ident('number')} AS n FROM ${ident('system', 'one')} ARRAY JOIN [1, 2, 3, 4] AS number WHERE number IN (${join([2, 4])})`,
    );
    expect(rows.map((r) => r.n)).toEqual([2, 4]);
  });
});
