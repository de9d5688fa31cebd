import { describe, expect, it } from 'vitest';
import { parseErrorCode } from './clickhouse';

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
