import { describe, expect, it } from 'vitest';
import type { ArDailyRow } from '@vigil/read-models';
import { periodResults } from './results-periods';
import { rangeOf } from './results-range';

const day = (d: string, [availability, reliability, up, unknown, down]: number[], final = true): ArDailyRow => ({ day: d, availability, reliability, up, unknown, down, final });
const JUNE = rangeOf('2025-06-01', '2025-06-30');

describe('periodResults', () => {
  it("formats a day's figures as ARGO's strings, at most 5 decimals, half up", () => {
    expect(periodResults([day('2025-06-01', [98.263885, 98.263885, 0.982638, 0.0000049, 0])], 'daily', JUNE, false)).toEqual([
      { timestamp: '2025-06-01', availability: '98.26389', reliability: '98.26389', unknown: '0', uptime: '0.98264', downtime: '0', final: true },
    ]);
  });

  it('keeps -1 for an undefined item figure but shows nan for an undefined supergroup', () => {
    const undefinedDay = day('2025-06-02', [-1, -1, -1, -1, -1]);
    expect(periodResults([undefinedDay], 'daily', JUNE, true)[0]).toMatchObject({ availability: 'nan', uptime: 'nan' });
    expect(periodResults([day('2025-06-02', [-1, -1, 0, 1, 0])], 'daily', JUNE, false)[0]).toMatchObject({ availability: '-1', reliability: '-1', unknown: '1' });
  });

  it('splits a range into calendar months, each with the range formulas and final only when every day is', () => {
    const days = [day('2025-05-31', [100, 100, 1, 0, 0]), day('2025-06-01', [50, 50, 0.5, 0, 0]), day('2025-06-02', [100, 100, 1, 0, 0], false)];
    const months = periodResults(days, 'monthly', rangeOf('2025-05-31', '2025-06-02'), false);
    expect(months.map((m) => [m.timestamp, m.uptime, m.final])).toEqual([
      ['2025-05', '1', true],
      ['2025-06', '0.75', false],
    ]);
    // 0.75 / 1.00000001 × 100 = 74.9999993 → 75
    expect(months[1].availability).toBe('75');
  });

  it("averages a supergroup's defined days over a custom range and is nan when none is", () => {
    const days = [day('2025-06-01', [90, 80, 0.9, 0, 0]), day('2025-06-02', [-1, -1, -1, -1, -1]), day('2025-06-03', [70, 60, 0.7, 0, 0])];
    expect(periodResults(days, 'custom', JUNE, true)).toEqual([{ timestamp: '2025-06-01/2025-06-30', availability: '80', reliability: '70', unknown: '0', uptime: '0.8', downtime: '0', final: true }]);
    expect(periodResults([days[1]], 'custom', JUNE, true)[0].availability).toBe('nan');
  });
});

describe('rangeOf', () => {
  it('takes the UTC day of a date-time with an offset, both ends included', () => {
    expect(rangeOf('2025-06-01T23:30:00-02:00', '2025-06-03T00:00:00Z')).toEqual({ firstDay: '2025-06-02', lastDay: '2025-06-03' });
  });

  it('refuses a reversed or too long range naming end_time', () => {
    expect(() => rangeOf('2025-06-02', '2025-06-01')).toThrow(/end_time/);
    expect(() => rangeOf('2025-01-01', '2026-01-02')).toThrow(/367 days/);
    expect(rangeOf('2025-01-01', '2026-01-01')).toEqual({ firstDay: '2025-01-01', lastDay: '2026-01-01' });
  });
});
