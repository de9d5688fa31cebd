import { describe, expect, it } from 'vitest';
import type { StatusChangedData, StatusLevel } from '../status/status.types';
import { ContinuousAr, type ArDay } from './continuous-ar';

const H = 3_600_000;
const D1 = Date.parse('2024-03-10T00:00:00Z');
const D2 = D1 + 24 * H;

const endpoint = { supergroup: 'NGI_X', endpointGroup: 'SITE-A', function: 'compute', service: 'CREAM-CE', hostname: 'ce.a.org' };

function changed(status: string, since: number, level: StatusLevel = 'endpoint', keys: Partial<typeof endpoint> = {}): StatusChangedData {
  const k = { ...endpoint, ...keys };
  const applicable = level === 'endpoint' ? k : level === 'group' ? { ...k, function: '', service: '', hostname: '' } : k;
  return { level, ...applicable, metric: '', status, previousStatus: '', since, triggerEventId: null };
}

const itemOf = (day: ArDay | undefined, level = 'endpoint', group = 'SITE-A') => day?.items.find((i) => i.keys.level === level && i.keys.endpointGroup === group);

describe('continuous A/R of a day', () => {
  it('reads today so far at the last tick, before the day ends', () => {
    const ar = new ContinuousAr();
    ar.apply(changed('OK', D1));
    ar.apply(changed('CRITICAL', D1 + 6 * H));
    ar.tick(D1 + 12 * H);
    const [day] = ar.read().days;
    expect(day).toMatchObject({ day: '2024-03-10', final: false });
    expect(itemOf(day)?.ar).toEqual({ availability: 50, reliability: 50, up: 0.5, unknown: 0, down: 0 });
    expect(itemOf(day)?.statistics).toEqual([
      { status: 'OK', minutes: 360, freq: 1 },
      { status: 'CRITICAL', minutes: 360, freq: 1 },
    ]);
  });

  it('carries the last status over midnight into the next day', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('OK', D1));
    ar.apply(changed('CRITICAL', D1 + 20 * H));
    const first = ar.tick(D2);
    expect(itemOf(first.days[0])?.ar?.availability).toBe(83.33333);
    const second = ar.tick(D2 + 24 * H);
    expect(second.days.map((d) => [d.day, d.final])).toEqual([['2024-03-11', true]]);
    expect(itemOf(second.days[0])).toMatchObject({ ar: { availability: 0, up: 0 }, statistics: [{ status: 'CRITICAL', minutes: 1440, freq: 1 }], flipflops: 0 });
  });

  it('keeps a day open for late changes during the grace period, then writes it final once', () => {
    const ar = new ContinuousAr({ graceMs: H });
    ar.apply(changed('OK', D1));
    expect(ar.tick(D2 + 30 * 60_000).days).toEqual([]);
    // A late result of 23:30 arrives after midnight but within the grace period.
    ar.apply(changed('CRITICAL', D2 - 30 * 60_000));
    expect(ar.read().days.map((d) => [d.day, d.final])).toEqual([['2024-03-10', false], ['2024-03-11', false]]);
    const final = ar.tick(D2 + H).days;
    expect(final.map((d) => [d.day, d.final])).toEqual([['2024-03-10', true]]);
    expect(itemOf(final[0])?.statistics).toEqual([
      { status: 'OK', minutes: 1410, freq: 1 },
      { status: 'CRITICAL', minutes: 30, freq: 1 },
    ]);
    expect(ar.tick(D2 + 2 * H).days).toEqual([]);
  });

  it('gives a final day again, corrected, on the next tick when a change for it arrives later (a status projection catching up)', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('OK', D1));
    expect(itemOf(ar.tick(D2).days[0])?.ar?.availability).toBe(100);
    ar.apply(changed('CRITICAL', D2 - H));
    const { days, months } = ar.tick(D2 + 12 * H);
    expect(days.map((d) => [d.day, d.final])).toEqual([['2024-03-10', true]]);
    expect(itemOf(days[0])?.ar?.availability).toBe(95.83333);
    expect(months[0].items.find((i) => i.keys.level === 'endpoint')).toMatchObject({ days: 1, ar: { availability: 95.833 } });
    expect(itemOf(ar.read().days[0])?.statistics).toEqual([{ status: 'CRITICAL', minutes: 720, freq: 1 }]);
    expect(ar.tick(D2 + 13 * H).days).toEqual([]);
  });

  it('carries a change older than the correction window into the first kept day', () => {
    const ar = new ContinuousAr({ graceMs: 0, correctionDays: 1 });
    ar.tick(D2 + H);
    ar.apply(changed('CRITICAL', D1 - 5 * 24 * H));
    expect(ar.tick(D2 + 2 * H).days.map((d) => d.day)).toEqual(['2024-03-10']);
    expect(itemOf(ar.read().days[0])?.statistics).toEqual([{ status: 'CRITICAL', minutes: 120, freq: 1 }]);
  });

  it('counts flip-flops and the frequency of each status', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('OK', D1));
    ar.apply(changed('CRITICAL', D1 + 1 * H));
    ar.apply(changed('OK', D1 + 2 * H));
    ar.apply(changed('CRITICAL', D1 + 3 * H));
    ar.apply(changed('WARNING', D1 + 4 * H));
    const item = itemOf(ar.tick(D2).days[0]);
    expect(item?.flipflops).toBe(4);
    expect(item?.statistics).toEqual([
      { status: 'OK', minutes: 120, freq: 2 },
      { status: 'WARNING', minutes: 1200, freq: 1 },
      { status: 'CRITICAL', minutes: 120, freq: 2 },
    ]);
    expect(item?.ar?.availability).toBe(91.66667);
  });

  it('gives -1 availability and reliability for a day all unknown', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('UNKNOWN', D1));
    expect(itemOf(ar.tick(D2).days[0])?.ar).toEqual({ availability: -1, reliability: -1, up: 0, unknown: 1, down: 0 });
  });

  it('counts downtime against availability but not reliability', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('OK', D1));
    ar.apply(changed('DOWNTIME', D1 + 12 * H));
    expect(itemOf(ar.tick(D2).days[0])?.ar).toEqual({ availability: 50, reliability: 100, up: 0.5, unknown: 0, down: 0.5 });
  });

  it('counts the time before an item first appears as missing, and drops it the day after it leaves', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(changed('OK', D1, 'endpoint', { endpointGroup: 'SITE-B' }));
    ar.apply(changed('OK', D1 + 6 * H));
    ar.apply(changed('', D1 + 18 * H));
    const [day] = ar.tick(D2).days;
    expect(itemOf(day)?.statistics).toEqual([
      { status: 'OK', minutes: 720, freq: 1 },
      { status: 'MISSING', minutes: 720, freq: 2 },
    ]);
    expect(itemOf(day)?.ar).toEqual({ availability: 100, reliability: 100, up: 0.5, unknown: 0.5, down: 0 });
    const [next] = ar.tick(D2 + 24 * H).days;
    expect(itemOf(next)).toBeUndefined();
    expect(itemOf(next, 'endpoint', 'SITE-B')).toBeDefined();
  });

  it('replays to the same figures: time moves only with ticks', () => {
    const run = () => {
      const ar = new ContinuousAr();
      ar.apply(changed('OK', D1));
      ar.apply(changed('CRITICAL', D1 + 3 * H + 17_000));
      ar.tick(D1 + 9 * H);
      return ar.read();
    };
    expect(run()).toEqual(run());
  });
});

describe('continuous supergroup and monthly A/R', () => {
  const group = (name: string, status: string, since: number) => changed(status, since, 'group', { endpointGroup: name });

  it('weighs member groups by w + 1 from the weights feed (worked example)', () => {
    // SITE-A 75 % (weight 3), SITE-B 50 % (weight 0), SITE-C unknown all day (weight 100, ignored):
    // availability = (75 × 4 + 50 × 1) / 5 = 70.
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.setWeights(new Map([['SITE-A', 3], ['SITE-C', 100]]));
    ar.apply(group('SITE-A', 'OK', D1));
    ar.apply(group('SITE-A', 'CRITICAL', D1 + 18 * H));
    ar.apply(group('SITE-B', 'OK', D1));
    ar.apply(group('SITE-B', 'CRITICAL', D1 + 12 * H));
    ar.apply(group('SITE-C', 'UNKNOWN', D1));
    const [day] = ar.tick(D2).days;
    expect(day.supergroups).toEqual([{ supergroup: 'NGI_X', figures: { availability: 70, reliability: 70, up: 0.7, unknown: 0, down: 0 } }]);
  });

  it('is undefined for a supergroup whose members are all unknown', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(group('SITE-C', 'MISSING', D1));
    expect(ar.tick(D2).days[0].supergroups[0].figures).toEqual({ availability: null, reliability: null, up: null, unknown: null, down: null });
  });

  it('averages the daily fractions of the month before the range formulas (worked example)', () => {
    // Day 1: up 0.9, unknown 0.1 → Day 2: up 0.8, down 0.1 (downtime), 0.1 critical.
    // avg up 0.85, unknown 0.05, down 0.05: A = 0.85 / (1.00000001 - 0.05) × 100 = 89.47368,
    // R = 0.85 / (0.95000001 - 0.05) × 100 = 94.44444.
    const ar = new ContinuousAr({ graceMs: 0 });
    for (const c of [changed('OK', D1), changed('UNKNOWN', D1 + 24 * H * 0.9), changed('OK', D2), changed('DOWNTIME', D2 + 24 * H * 0.8), changed('CRITICAL', D2 + 24 * H * 0.9)]) ar.apply(c);
    const { months } = ar.tick(D2 + 24 * H);
    expect(months).toMatchObject([{ month: '2024-03-01', final: false }]);
    expect(months[0].items[0]).toMatchObject({ days: 2, ar: { availability: 89.47368, reliability: 94.44444, up: 0.85, unknown: 0.05, down: 0.05 } });
  });

  it('marks a month final when its last day is final, and includes today so far before that', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    const lastDay = Date.parse('2024-03-31T00:00:00Z');
    ar.apply(changed('OK', lastDay));
    ar.tick(lastDay + 12 * H);
    expect(ar.read().months).toMatchObject([{ month: '2024-03-01', final: false, items: [{ days: 1, ar: { availability: 100 } }] }]);
    const { months } = ar.tick(lastDay + 24 * H);
    expect(months).toMatchObject([{ month: '2024-03-01', final: true, items: [{ days: 1 }] }]);
    ar.tick(lastDay + 25 * H);
    expect(ar.read().months).toMatchObject([{ month: '2024-04-01', final: false, items: [{ days: 1 }] }]);
  });

  it('averages the defined daily supergroup values over a month', () => {
    const ar = new ContinuousAr({ graceMs: 0 });
    ar.apply(group('SITE-A', 'MISSING', D1));
    ar.apply(group('SITE-A', 'OK', D2));
    ar.apply(group('SITE-A', 'CRITICAL', D2 + 12 * H));
    ar.tick(D2);
    const { months } = ar.tick(D2 + 24 * H);
    expect(months[0].supergroups).toEqual([{ supergroup: 'NGI_X', days: 2, figures: { availability: 50, reliability: 50, up: 0.5, unknown: 0, down: 0 } }]);
  });
});
