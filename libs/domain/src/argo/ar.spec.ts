import { describe, it, expect } from 'vitest';
import { averageDefined, dailyAr, rangeAr, round5, weightedMean } from './ar';

const zero = { ok: 0, warning: 0, unknown: 0, missing: 0, downtime: 0 };

describe('daily A/R', () => {
  it('is undefined (-1) when the whole day is unknown or missing', () => {
    expect(dailyAr({ ...zero, unknown: 43_200, missing: 43_200 })).toEqual({ availability: -1, reliability: -1, up: 0, unknown: 1, down: 0 });
  });

  it('gives availability 0 and undefined reliability for a day fully in downtime', () => {
    expect(dailyAr({ ...zero, downtime: 86_400 })).toEqual({ availability: 0, reliability: -1, up: 0, unknown: 0, down: 1 });
  });

  it('counts OK and WARNING as up and leaves unknown time out of the known period', () => {
    const ar = dailyAr({ ...zero, ok: 43_200, warning: 21_600, unknown: 10_800, downtime: 3_600 });
    expect(ar.availability).toBe(85.71429);
    expect(ar.reliability).toBe(90);
    expect(ar.up).toBe(0.75);
    expect(ar.unknown).toBe(0.125);
    expect(ar.down).toBe(0.04167);
  });

  it('rounds half up at the fifth decimal', () => {
    expect(round5(0.123455)).toBe(0.12346);
    expect(round5(98.263885)).toBe(98.26389);
    expect(round5(1)).toBe(1);
  });
});

describe('ranges and supergroups', () => {
  it('averages the daily fractions over a month before applying the range formulas', () => {
    const ar = rangeAr([
      { up: 0.9, unknown: 0.1, down: 0 },
      { up: 0.8, unknown: 0, down: 0.1 },
    ]);
    expect(ar.availability).toBe(89.47368);
    expect(ar.reliability).toBe(94.44444);
  });

  it('weighs each defined member group by w + 1 and skips undefined ones', () => {
    expect(weightedMean([{ value: 90, weight: 10 }, { value: 50, weight: 0 }, { value: -1, weight: 1000 }])).toBe(86.66667);
  });

  it('is null when no member group has a defined value, and a month ignores those days', () => {
    expect(weightedMean([{ value: -1, weight: 5 }])).toBeNull();
    expect(averageDefined([null, 90, 80])).toBe(85);
    expect(averageDefined([null])).toBeNull();
  });
});
