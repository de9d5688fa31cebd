import { describe, expect, it } from 'vitest';
import { computeArgoDay, type ArgoDayInput, type ArgoLevelItem } from '../argo/day';
import type { ArgoTimeline } from '../argo/timeline';
import { statusSecondsAr } from '../argo/ar';
import { dayStatistics } from '../argo/statistics';
import type { MetricResult } from '../argo/model';
import { egiOps } from '../argo/test-ops';
import type { StatusChangedData, StatusLevel } from '../status/status.types';
import { ContinuousAr, type ArDay } from './continuous-ar';

const DATE = '2024-05-14';
const DAY_START = Date.parse(`${DATE}T00:00:00Z`);
const ops = egiOps();
const STATUSES = ['OK', 'OK', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const SITES = ['SITE-A', 'SITE-B', 'SITE-C', 'SITE-D'];
const WEIGHTS = new Map([['SITE-A', 1200], ['SITE-C', 35]]);

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A day of results on 4 sites × 2 services × 2 hosts × 2 metrics, with yesterday's results and two downtimes. */
function dayInput(seed: number): ArgoDayInput {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const endpoints = SITES.flatMap((group) => ['CREAM-CE', 'SRM'].flatMap((service) => [1, 2].map((n) => ({ group, type: 'SITES', service, hostname: `${service.toLowerCase()}${n}.${group.toLowerCase()}.org` }))));
  // SITE-D has no result at all yesterday or today for one host: it starts MISSING.
  const reporting = endpoints.filter((e) => e.hostname !== 'srm2.site-d.org');
  const results: MetricResult[] = [];
  const previous: MetricResult[] = [];
  for (const e of reporting) {
    for (const metric of ['m1', 'm2']) {
      const base = { service: e.service, hostname: e.hostname, metric };
      if (next() < 0.8) previous.push({ ...base, timestamp: iso(DAY_START - Math.floor(next() * 86_400) * 1000), status: pick(STATUSES) });
      const count = Math.floor(next() * 30);
      for (let i = 0; i < count; i++) results.push({ ...base, timestamp: iso(DAY_START + Math.floor(next() * 86_400) * 1000), status: pick(STATUSES) });
    }
  }
  return {
    date: DATE,
    ops,
    aggregation: {
      metric_operation: 'AND',
      profile_operation: 'AND',
      groups: [
        { name: 'compute', operation: 'OR', services: [{ name: 'CREAM-CE', operation: 'OR' }] },
        { name: 'storage', operation: 'OR', services: [{ name: 'SRM', operation: 'AND' }] },
      ],
    },
    metricProfile: { services: [{ service: 'CREAM-CE', metrics: ['m1', 'm2'] }, { service: 'SRM', metrics: ['m1', 'm2'] }] },
    endpoints,
    groups: SITES.map((subgroup, i) => ({ group: i < 3 ? 'NGI_A' : 'NGI_B', type: 'NGI', subgroup })),
    results,
    previous,
    downtimes: [
      { hostname: 'cream-ce1.site-a.org', service: 'CREAM-CE', start_time: `${DATE}T08:00:00Z`, end_time: `${DATE}T11:30:00Z` },
      { hostname: 'srm1.site-b.org', service: 'SRM', start_time: '2024-05-13T20:00:00Z', end_time: `${DATE}T02:00:00Z` },
    ],
    weights: WEIGHTS,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * The batch timeline of an item as the status projection emits it: the status at 00:00 arrives
 * yesterday evening (carried over midnight), every later breakpoint at its second of the day.
 */
function changesOf(level: StatusLevel, item: ArgoLevelItem, supergroup: string): StatusChangedData[] {
  const keys = { supergroup, endpointGroup: item.group, function: item.function ?? '', service: item.service ?? '', hostname: item.hostname ?? '', metric: '' };
  const tl: ArgoTimeline = item.timeline;
  return tl.t.map((t, i) => ({
    level,
    ...keys,
    status: ops.name(tl.s[i]),
    previousStatus: '',
    since: i === 0 ? DAY_START - 3_600_000 : DAY_START + t * 1000 + 250,
    triggerEventId: null,
  }));
}

function continuousDay(input: ArgoDayInput, batch: ReturnType<typeof computeArgoDay>): ArDay {
  const supergroupOf = new Map(input.groups.map((g) => [g.subgroup, g.group]));
  const ar = new ContinuousAr({ ops, graceMs: 2 * 3_600_000 });
  ar.setWeights(WEIGHTS);
  ar.tick(DAY_START - 3_600_000);
  const changes = [
    ...batch.endpoints.flatMap((e) => changesOf('endpoint', e, supergroupOf.get(e.group) ?? '')),
    ...batch.services.flatMap((s) => changesOf('service', s, supergroupOf.get(s.group) ?? '')),
    ...batch.groups.flatMap((g) => changesOf('group', g, g.supergroup)),
  ].sort((a, b) => a.since - b.since);
  // Minute ticks interleaved with the changes, as the log holds them.
  let tick = DAY_START;
  const final: ArDay[] = [];
  for (const c of changes) {
    for (; tick <= c.since; tick += 60_000) final.push(...ar.tick(tick).days);
    ar.apply(c);
  }
  for (; !final.some((d) => d.day === DATE); tick += 60_000) final.push(...ar.tick(tick).days);
  expect(final.map((d) => d.day)).toEqual(['2024-05-13', DATE]);
  return final[1];
}

const statisticsOf = (item: ArgoLevelItem) => item.stats.statistics.map((s) => ({ status: ops.name(s.status), minutes: s.duration, freq: s.freq }));

describe('continuous A/R equals batch A/R for the same day', () => {
  for (const seed of [1, 2, 3, 42, 2024]) {
    it(`gives the batch figures at every level (seed ${seed})`, () => {
      const input = dayInput(seed);
      const batch = computeArgoDay(input);
      const day = continuousDay(input, batch);
      expect(day.final).toBe(true);
      const find = (level: string, item: ArgoLevelItem) =>
        day.items.find((i) => i.keys.level === level && i.keys.endpointGroup === item.group && i.keys.service === (item.service ?? '') && i.keys.hostname === (item.hostname ?? ''));
      const levels: [string, ArgoLevelItem[]][] = [['endpoint', batch.endpoints], ['service', batch.services], ['group', batch.groups]];
      for (const [level, items] of levels) {
        expect(day.items.filter((i) => i.keys.level === level)).toHaveLength(items.length);
        for (const item of items) {
          const continuous = find(level, item);
          expect(continuous?.ar, `${level} ${item.group} ${item.service ?? ''} ${item.hostname ?? ''}`).toEqual(item.ar);
          expect(continuous?.statistics).toEqual(statisticsOf(item));
          expect(continuous?.flipflops).toBe(item.stats.flipflops);
        }
      }
      const supergroups = day.supergroups.map((s) => ({ supergroup: s.supergroup, ...s.figures })).sort((a, b) => a.supergroup.localeCompare(b.supergroup));
      expect(supergroups).toEqual(batch.supergroups);
    });
  }

  it('reads the day so far at noon as the batch timeline cut at noon', () => {
    const input = dayInput(7);
    const batch = computeArgoDay(input);
    const noon = 43_200;
    const ar = new ContinuousAr({ ops });
    for (const c of batch.groups.flatMap((g) => changesOf('group', g, g.supergroup))) if (c.since < DAY_START + noon * 1000) ar.apply(c);
    ar.tick(DAY_START + noon * 1000);
    const [day] = ar.read().days;
    expect(day.final).toBe(false);
    for (const g of batch.groups) {
      const kept = g.timeline.t.filter((t) => t < noon).length;
      const stats = dayStatistics({ t: g.timeline.t.slice(0, kept), s: g.timeline.s.slice(0, kept) }, ops.states.length, false, noon);
      const item = day.items.find((i) => i.keys.endpointGroup === g.group);
      expect(item?.ar).toEqual(statusSecondsAr(ops, stats.seconds, noon));
      expect(item?.statistics.reduce((sum, s) => sum + s.minutes, 0)).toBeLessThanOrEqual(720);
    }
    expect(day.items.some((i) => i.ar?.availability !== batch.groups.find((g) => g.group === i.keys.endpointGroup)?.ar.availability)).toBe(true);
  });
});
