import { describe, expect, it } from 'vitest';
import { parseErrorCode, toJsonRow } from './clickhouse';

describe('parseErrorCode', () => {
  it('reads the code from an 18.16 message, which has no code field', () => {
    expect(parseErrorCode("Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist., e.what() = DB::Exception")).toBe(60);
  });

  it('reads the code from a current server message', () => {
    expect(parseErrorCode('Code: 62. DB::Exception: Syntax error: failed at position 1. (SYNTAX_ERROR) (version 24.8.1.1)')).toBe(62);
  });

  it('leaves the code undefined for connection errors', () => {
    expect(parseErrorCode('connect ECONNREFUSED 127.0.0.1:8123')).toBeUndefined();
  });
});

describe('toJsonRow (the JSON sent for an inserted row)', () => {
  const at = new Date('2026-03-01T12:34:56.789Z');
  const row = { time: at, position: 2n ** 63n - 1n, name: 'a "b"', count: 3, ok: true, none: null, tags: ['x'], missing: undefined };

  it('sends a Date as whole DateTime seconds and a bigint as its exact digits, everything else as it was', () => {
    expect(JSON.parse(JSON.stringify(toJsonRow(row)))).toEqual({ time: 1772368496, position: '9223372036854775807', name: 'a "b"', count: 3, ok: true, none: null, tags: ['x'] });
  });

  it('leaves the caller’s row untouched', () => {
    toJsonRow(row);
    expect(row.time).toBe(at);
    expect(row.position).toBe(2n ** 63n - 1n);
  });
});
