import { describe, expect, it } from 'vitest';
import { ident, join, raw, renderLiteral, sql, SqlFragment, type SqlValue } from './sql-binder';

describe('sql tagged template', () => {
  it('binds a tenant string and a since date into a query', () => {
    const q = sql`SELECT count() FROM t WHERE tenant = ${'egi'} AND timestamp >= ${new Date('2024-03-01T00:00:00Z')}`;
    expect(q.text).toBe("SELECT count() FROM t WHERE tenant = 'egi' AND timestamp >= toDateTime(1709251200)");
  });

  it('keeps an injection attempt inside one string literal', () => {
    const q = sql`SELECT * FROM t WHERE tenant = ${"x'; DROP TABLE t; --"}`;
    expect(q.text).toBe("SELECT * FROM t WHERE tenant = 'x\\'; DROP TABLE t; --'");
  });

  it('composes nested fragments without escaping them again', () => {
    const where = sql`tenant = ${'a'}`;
    expect(sql`SELECT 1 WHERE ${where} AND ${raw('1 = 1')}`.text).toBe("SELECT 1 WHERE tenant = 'a' AND 1 = 1");
  });

  it('refuses to be called as a plain function with user text', () => {
    const call = sql as unknown as (text: string) => SqlFragment;
    expect(() => call("SELECT '1'")).toThrow(/tagged template/);
  });

  it('cannot be forged by constructing a fragment from outside the binder', () => {
    const Fragment = SqlFragment as unknown as new (token: symbol, text: string) => SqlFragment;
    expect(() => new Fragment(Symbol('SqlFragment'), 'DROP TABLE t')).toThrow(TypeError);
  });

  it('rejects undefined and objects instead of rendering them', () => {
    expect(() => sql`SELECT ${undefined as unknown as SqlValue}`).toThrow(/undefined/);
    expect(() => sql`SELECT ${{} as unknown as SqlValue}`).toThrow(/not a SQL value/);
  });
});

describe('string literals', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['line\nbreak\r\ttab', "'line\\nbreak\\r\\ttab'"],
    ['nul\0byte', "'nul\\0byte'"],
    ['bell\x07 esc\x1b del\x7f', "'bell\\x07 esc\\x1b del\\x7f'"],
    ['ünï 😀', "'ünï 😀'"],
  ])('renders %j escaped per ClickHouse rules', (value, expected) => {
    expect(renderLiteral(value)).toBe(expected);
  });

  it('rejects a lone surrogate that UTF-8 cannot carry', () => {
    expect(() => renderLiteral('a\uD800b')).toThrow(/surrogate/);
  });
});

describe('numbers, booleans, null, dates and arrays', () => {
  it('renders finite numbers and bigints, parenthesising negatives so "a -${-1}" is not a comment', () => {
    expect(renderLiteral(42)).toBe('42');
    expect(renderLiteral(1.5)).toBe('1.5');
    expect(renderLiteral(-3)).toBe('(-3)');
    expect(renderLiteral(18446744073709551615n)).toBe('18446744073709551615');
    expect(renderLiteral(-5n)).toBe('(-5)');
    expect(sql`SELECT 1 -${-1}`.text).toBe('SELECT 1 -(-1)');
  });

  it.each([NaN, Infinity, -Infinity])('rejects %s', (value) => {
    expect(() => renderLiteral(value)).toThrow(RangeError);
  });

  it('renders booleans as 1/0 and null as NULL', () => {
    expect(renderLiteral(true)).toBe('1');
    expect(renderLiteral(false)).toBe('0');
    expect(renderLiteral(null)).toBe('NULL');
  });

  it('renders a Date as UTC seconds, dropping milliseconds', () => {
    expect(renderLiteral(new Date('2024-01-02T03:04:05.999Z'))).toBe('toDateTime(1704164645)');
  });

  it('rejects invalid dates and dates outside the DateTime range', () => {
    expect(() => renderLiteral(new Date('nope'))).toThrow(/invalid Date/);
    expect(() => renderLiteral(new Date('1969-12-31T23:59:59Z'))).toThrow(/range/);
    expect(() => renderLiteral(new Date('2107-01-01T00:00:00Z'))).toThrow(/range/);
  });

  it('renders nested arrays element by element', () => {
    expect(renderLiteral(['a', "b'"])).toBe("['a', 'b\\'']");
    expect(renderLiteral([[1, -2], []])).toBe('[[1, (-2)], []]');
  });
});

describe('identifiers and joins', () => {
  it('quotes valid identifiers, including a database-qualified table', () => {
    expect(ident('metric_results').text).toBe('`metric_results`');
    expect(ident('vigil', 'metric_results').text).toBe('`vigil`.`metric_results`');
  });

  it.each(['', '1abc', 'a-b', 'a b', 'a`b', 'x; DROP TABLE t', 'ü'])('rejects identifier %j', (name) => {
    expect(() => ident(name)).toThrow(/invalid SQL identifier/);
  });

  it('joins values and fragments with a separator', () => {
    expect(join([ident('a'), ident('b')]).text).toBe('`a`, `b`');
    expect(join([sql`x = ${1}`, sql`y = ${'z'}`], raw(' OR ')).text).toBe("x = 1 OR y = 'z'");
    expect(sql`SELECT 1 WHERE tenant IN (${join(['a', 'b'])})`.text).toBe("SELECT 1 WHERE tenant IN ('a', 'b')");
  });
});
