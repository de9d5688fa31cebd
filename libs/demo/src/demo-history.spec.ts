import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MetricData } from '@vigil/ingest';
import { generateHistory, PROBE_INTERVALS_MIN } from './demo-history';
import { demoMetricProfile } from './demo-profiles';
import { generateTopology } from './demo-topology';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 10, 1);
const topology = generateTopology({ seed: 3, ngis: 4, sites: 30, endpoints: 300 });
const options = { seed: 3, start, end: start + 4 * 24 * HOUR };
const digest = (records: MetricData[]): string => records.reduce((h, r) => h.update(JSON.stringify(r)), createHash('sha256')).digest('hex');
const all = (h: ReturnType<typeof generateHistory>): MetricData[] => [...h.results()];

describe('generateHistory', () => {
  const history = generateHistory(topology, options);
  const results = all(history);

  it('yields exactly `total` results, in timestamp order, inside the window, for known endpoints and profile metrics', () => {
    expect(results).toHaveLength(history.total);
    const times = results.map((r) => Date.parse(r.timestamp));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(times[0]).toBeGreaterThanOrEqual(options.start);
    expect(times[times.length - 1]).toBeLessThan(options.end);
    const endpoints = new Set(topology.services.map((s) => `${s.serviceType} ${s.hostname}`));
    const profile = new Map(demoMetricProfile().services.map((s) => [s.service, new Set(s.metrics)]));
    expect(results.every((r) => endpoints.has(`${r.service} ${r.hostname}`) && profile.get(r.service)!.has(r.metric))).toBe(true);
  });

  it('uses only the operations profile statuses an ARGO probe reports, mostly OK', () => {
    const counts = new Map<string, number>();
    for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['CRITICAL', 'OK', 'UNKNOWN', 'WARNING']);
    expect(counts.get('OK')! / results.length).toBeGreaterThan(0.8);
  });

  it('runs every metric of every endpoint at one period of 5–60 minutes', () => {
    const bySeries = new Map<string, number[]>();
    for (const r of results) {
      const key = `${r.hostname} ${r.metric}`;
      const times = bySeries.get(key) ?? bySeries.set(key, []).get(key)!;
      times.push(Date.parse(r.timestamp));
    }
    const expected = topology.services.reduce((n, s) => n + demoMetricProfile().services.find((p) => p.service === s.serviceType)!.metrics.length, 0);
    expect(bySeries.size).toBe(expected);
    for (const times of bySeries.values()) {
      const gaps = new Set(times.slice(1).map((t, i) => (t - times[i]) / 60_000));
      expect(gaps.size).toBe(1);
      expect(PROBE_INTERVALS_MIN as readonly number[]).toContain([...gaps][0]);
    }
  });

  it('clusters failures: a CRITICAL result is far more often followed by another CRITICAL on the same host than the base rate', () => {
    const flapping = new Set(history.flapping);
    const byHost = new Map<string, string[]>();
    for (const r of results) if (!flapping.has(r.hostname)) (byHost.get(r.hostname) ?? byHost.set(r.hostname, []).get(r.hostname)!).push(r.status);
    let after = 0;
    let critAfterCrit = 0;
    let crit = 0;
    let n = 0;
    for (const statuses of byHost.values()) {
      statuses.forEach((s, i) => {
        n++;
        if (s === 'CRITICAL') crit++;
        if (i > 0 && statuses[i - 1] === 'CRITICAL') {
          after++;
          if (s === 'CRITICAL') critAfterCrit++;
        }
      });
    }
    expect(critAfterCrit / after).toBeGreaterThan(10 * (crit / n));
  });

  it('has flapping services whose status changes at most of their results', () => {
    expect(history.flapping.length).toBeGreaterThanOrEqual(1);
    const host = history.flapping[0];
    const mine = results.filter((r) => r.hostname === host && r.metric === results.find((x) => x.hostname === host)!.metric).map((r) => r.status);
    const changes = mine.slice(1).filter((s, i) => s !== mine[i]).length;
    expect(changes / (mine.length - 1)).toBeGreaterThan(0.3);
  });

  it('declares downtimes on services of one site each, and an outage makes those services fail', () => {
    expect(history.downtimes.length).toBeGreaterThanOrEqual(Math.round((30 * 4) / 10));
    const siteOf = new Map(topology.services.map((s) => [s.primaryKey, s.site]));
    for (const d of history.downtimes) {
      expect(d.start).toBeLessThan(d.end);
      expect(d.services.every((s) => siteOf.get(s.primaryKey!) === d.hostedBy)).toBe(true);
    }
    const outage = history.downtimes.find((d) => d.severity === 'OUTAGE' && d.start * 1000 >= options.start && d.end * 1000 <= options.end)!;
    const hosts = new Set(outage.services.map((s) => s.hostname));
    const during = results.filter((r) => hosts.has(r.hostname) && !history.flapping.includes(r.hostname) && Date.parse(r.timestamp) >= outage.start * 1000 && Date.parse(r.timestamp) < outage.end * 1000);
    expect(during.filter((r) => r.status !== 'OK').length / during.length).toBeGreaterThan(0.8);
  });

  it('is deterministic for a seed and different for another', () => {
    const again = generateHistory(topology, options);
    expect(again.downtimes).toEqual(history.downtimes);
    expect(digest(all(again))).toBe(digest(results));
    const other = all(generateHistory(topology, { ...options, seed: 4 }));
    expect(other.map((r) => r.status)).not.toEqual(results.map((r) => r.status));
  });

  it('pads the metric profile with generic checks when more metrics per type are asked (the bench wants 30)', () => {
    const profile = demoMetricProfile(30);
    expect(profile.services.every((s) => s.metrics.length === 30 && new Set(s.metrics).size === 30)).toBe(true);
    const h = generateHistory(topology, { seed: 1, start, end: start + HOUR, metricsPerType: 30 });
    expect(new Set(all(h).map((r) => r.metric)).size).toBeGreaterThan(100);
  });
});
