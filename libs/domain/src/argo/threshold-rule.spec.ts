import { describe, it, expect } from 'vitest';
import { evaluateThreshold, parseRange, parseThreshold, rangeContains, ThresholdRules } from './threshold-rule';

const inRange = (range: string, v: number) => rangeContains(parseRange(range)!, v);

describe('threshold ranges', () => {
  it('treats a:b as exclusive on both ends', () => {
    expect(inRange('0:10', 5)).toBe(true);
    expect(inRange('0:10', 0)).toBe(false);
    expect(inRange('0:10', 10)).toBe(false);
  });

  it('reads N as 0..N, N: as N..infinity and ~:N as -infinity..N', () => {
    expect(inRange('10', 9)).toBe(true);
    expect(inRange('10', -1)).toBe(false);
    expect(inRange('10:', 1e9)).toBe(true);
    expect(inRange('10:', 9)).toBe(false);
    expect(inRange('~:5', -1e9)).toBe(true);
    expect(inRange('~:5', 6)).toBe(false);
  });

  it('inverts a range prefixed with @', () => {
    expect(inRange('@0:10', 5)).toBe(false);
    expect(inRange('@0:10', 11)).toBe(true);
    expect(inRange('@10:', 3)).toBe(true);
  });
});

describe('threshold evaluation', () => {
  it('checks warning before critical when both ranges hold', () => {
    const t = parseThreshold('time=1s;0:5;0:10;0;10')!;
    expect(evaluateThreshold(t, 2)).toBe('WARNING');
    expect(evaluateThreshold(t, 7)).toBe('CRITICAL');
    expect(evaluateThreshold(t, 12)).toBe('');
  });

  it('gives the rule applied for the most relevant rule of a host and metric', () => {
    const rules = new ThresholdRules([
      { metric: 'm', thresholds: 'time=1s;0:0.01;0.01:1;0;10' },
      { host: 'h1', metric: 'm', thresholds: 'time=1s;0:0.5;0.5:1;0;10' },
    ]);
    const and = (a: string, b: string) => (a === 'CRITICAL' || b === 'CRITICAL' ? 'CRITICAL' : 'WARNING');
    expect(rules.evaluate('G', 'h1', 'm', 'time=0.051426s;;;0.000000;60.000000', and)).toEqual({
      status: 'WARNING',
      ruleApplied: 'time=1s;0:0.5;0.5:1;0;10',
    });
    expect(rules.evaluate('G', 'h2', 'm', 'time=0.051426s;;;0;60', and)?.status).toBe('CRITICAL');
    expect(rules.evaluate('G', 'h2', 'other', 'time=0.05s', and)).toBeUndefined();
  });

  it('combines several labels of one rule with the operation', () => {
    const rules = new ThresholdRules([{ metric: 'm', thresholds: 'time=1s;0:1;1:10 size=1B;0:5;5:100' }]);
    const and = (a: string, b: string) => (a === 'CRITICAL' || b === 'CRITICAL' ? 'CRITICAL' : 'WARNING');
    expect(rules.evaluate('G', 'h', 'm', 'time=0.5s size=50B', and)).toEqual({
      status: 'CRITICAL',
      ruleApplied: 'time=1s;0:1;1:10 size=1B;0:5;5:100',
    });
  });
});
