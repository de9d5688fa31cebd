import { describe, it, expect } from 'vitest';
import { egiOps } from './test-ops';

describe('operations profile', () => {
  const ops = egiOps();
  const c = (op: string, a: string, b: string) => ops.name(ops.combine(op, ops.id(a), ops.id(b)));

  it('looks a pair up in either order in a triangular table', () => {
    expect(c('AND', 'OK', 'CRITICAL')).toBe('CRITICAL');
    expect(c('AND', 'CRITICAL', 'OK')).toBe('CRITICAL');
    expect(c('OR', 'DOWNTIME', 'UNKNOWN')).toBe('UNKNOWN');
  });

  it('lets the other side win against the implicit EXCLUDED state', () => {
    expect(c('AND', 'EXCLUDED', 'CRITICAL')).toBe('CRITICAL');
    expect(c('OR', 'WARNING', 'EXCLUDED')).toBe('WARNING');
  });

  it('rejects a status the profile does not define', () => {
    expect(() => ops.id('BROKEN')).toThrow(/unknown status 'BROKEN'/);
  });
});
