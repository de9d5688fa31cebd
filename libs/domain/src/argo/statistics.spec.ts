import { describe, it, expect } from 'vitest';
import { dayStatistics } from './statistics';
import { egiOps } from './test-ops';

describe('day statistics', () => {
  const ops = egiOps();
  const n = ops.states.length;
  const [OK, CRIT] = [ops.id('OK'), ops.id('CRITICAL')];

  it('floors each interval to minutes and ends the last one at 24:00', () => {
    const stats = dayStatistics({ t: [0, 90, 3600 + 30], s: [OK, CRIT, OK] }, n);
    expect(stats.flipflops).toBe(2);
    expect(stats.statistics).toEqual([
      { status: OK, duration: 1 + 1379, freq: 2 },
      { status: CRIT, duration: 59, freq: 1 },
    ]);
  });

  it('counts each result as an appearance at the metric level', () => {
    const stats = dayStatistics({ t: [0, 3600, 7200], s: [OK, OK, CRIT] }, n, true);
    expect(stats.statistics.find((s) => s.status === OK)?.freq).toBe(2);
    expect(stats.flipflops).toBe(1);
  });
});
