import { describe, expect, it } from 'vitest';
import { MINUTE } from '../shared/time';
import { createStatusEngine, restoreStatusEngine, type StatusEngine } from './status-engine';
import type { StatusEngineSnapshot, StatusInput } from './status.types';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const STATUSES = ['OK', 'OK', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];
const SERVICES = ['ARC-CE', 'CREAM-CE', 'SRMv2', 'Site-BDII'];
const METRICS: Record<string, string[]> = { 'ARC-CE': ['a1', 'a2'], 'CREAM-CE': ['c1'], SRMv2: ['s1', 's2'], 'Site-BDII': ['b1'] };
const metricProfile = { services: SERVICES.map((service) => ({ service, metrics: METRICS[service] })) };

/** A deterministic pseudo-random stream of every kind of input (mulberry32). */
function inputs(count: number, seed: number): StatusInput[] {
  let a = seed;
  const rnd = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: StatusInput[] = [];
  let now = T0;
  for (let i = 0; i < count; i++) {
    const service = pick(SERVICES);
    const hostname = `h${Math.floor(rnd() * 4)}.${service}`;
    const group = pick(['S1', 'S2', 'S3']);
    const roll = rnd();
    const eventId = `e${i}`;
    if (roll < 0.6) {
      // Some results arrive late (up to 10 minutes behind the clock).
      out.push({ kind: 'result', eventId, timestamp: now - Math.floor(rnd() * 10) * MINUTE, service, hostname, metric: pick(METRICS[service]), status: pick(STATUSES) });
    } else if (roll < 0.75) {
      now += pick([1, 1, 5, 30]) * MINUTE;
      out.push({ kind: 'tick', eventId, at: now });
    } else if (roll < 0.88) {
      const sg = group === 'S3' && rnd() < 0.3 ? 'NGI_B' : 'NGI_A';
      out.push({ kind: 'endpoint', op: rnd() < 0.2 ? 'remove' : 'upsert', eventId, at: now, endpointGroup: group, supergroup: sg, service, hostname, monitored: rnd() < 0.85 });
    } else if (roll < 0.97) {
      const start = now + Math.floor(rnd() * 20 - 5) * MINUTE;
      out.push({
        kind: 'downtime',
        op: rnd() < 0.2 ? 'remove' : 'upsert',
        eventId,
        at: now,
        id: `d${Math.floor(rnd() * 5)}`,
        hostname,
        service,
        start,
        end: start + Math.floor(1 + rnd() * 40) * MINUTE,
        severity: rnd() < 0.8 ? 'OUTAGE' : 'WARNING',
        classification: rnd() < 0.8 ? 'SCHEDULED' : 'UNSCHEDULED',
      });
    } else if (roll < 0.985) {
      const op = pick(['AND', 'OR']);
      const engine = createStatusEngine();
      out.push({ kind: 'profiles', eventId, at: now, aggregation: { ...engine.snapshot().profiles.aggregation, metric_operation: op } });
    } else {
      // Tenant settings change: windows shorter or longer than the results' ages, overlay on or off.
      const minutes = pick([3, 10, 40]);
      const metricFreshnessMs = rnd() < 0.5 ? { [pick(METRICS[service])]: pick([2, 15]) * MINUTE } : {};
      out.push({ kind: 'settings', eventId, at: now, freshnessMs: minutes * MINUTE, metricFreshnessMs, downtimeClassifications: pick([[], ['SCHEDULED'], ['SCHEDULED', 'UNSCHEDULED']] as const).slice() });
    }
  }
  return out;
}

const options = { profiles: { metricProfile }, now: T0, freshnessMs: 20 * MINUTE, metricFreshnessMs: { s2: 7 * MINUTE } };
const viaJson = (s: StatusEngineSnapshot): StatusEngineSnapshot => JSON.parse(JSON.stringify(s)) as StatusEngineSnapshot;

describe('status engine: snapshot and restore', () => {
  const stream = inputs(3_000, 42);

  it('gives the same outputs after restore as an uninterrupted run', () => {
    const whole = createStatusEngine(options);
    const expected = stream.map((i) => whole.apply(i));
    for (const cut of [1, 250, 1_000, 2_222]) {
      let engine: StatusEngine = createStatusEngine(options);
      for (const i of stream.slice(0, cut)) engine.apply(i);
      engine = restoreStatusEngine(viaJson(engine.snapshot()));
      const rest = stream.slice(cut).map((i) => engine.apply(i));
      expect(rest).toEqual(expected.slice(cut));
      expect(engine.statuses()).toEqual(whole.statuses());
    }
    // The stream really exercised the engine.
    expect(expected.flat().length).toBeGreaterThan(1_000);
    expect(new Set(expected.flat().map((c) => c.status))).toEqual(new Set(['', 'OK', 'WARNING', 'CRITICAL', 'UNKNOWN', 'MISSING', 'DOWNTIME']));
  });

  it('keeps the incrementally maintained tree equal to one rebuilt from its state, input after input', () => {
    const engine = createStatusEngine(options);
    stream.slice(0, 1_500).forEach((input, n) => {
      engine.apply(input);
      if (n % 7 === 0) expect(restoreStatusEngine(engine.snapshot()).statuses(), `after input ${n} (${input.kind})`).toEqual(engine.statuses());
    });
  });

  it('replays the changes into exactly the current statuses', () => {
    const engine = createStatusEngine(options);
    const current = new Map<string, string>();
    for (const input of stream) {
      for (const c of engine.apply(input)) {
        const key = [c.level, c.supergroup, c.endpointGroup, c.function, c.service, c.hostname, c.metric].join('|');
        expect(c.previousStatus, key).toBe(current.get(key) ?? '');
        if (c.status === '') current.delete(key);
        else current.set(key, c.status);
      }
    }
    const final = new Map(engine.statuses().map((s) => [[s.level, s.supergroup, s.endpointGroup, s.function, s.service, s.hostname, s.metric].join('|'), s.status]));
    expect(current).toEqual(final);
  });
});

describe('status engine: throughput', () => {
  it('absorbs results at scale without touching unaffected branches (2,000 endpoints × 30 metrics)', () => {
    const metrics = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const engine = createStatusEngine({ profiles: { metricProfile: { services: SERVICES.map((service) => ({ service, metrics })) } }, now: T0 });
    for (let i = 0; i < 2_000; i++)
      engine.apply({ kind: 'endpoint', op: 'upsert', endpointGroup: `S${i % 100}`, supergroup: `N${i % 100 % 10}`, service: SERVICES[i % 4], hostname: `h${i}`, monitored: true, at: T0 });
    const count = 200_000;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const status = i % 10 === 9 ? 'CRITICAL' : 'OK';
      engine.apply({ kind: 'result', timestamp: T0 + i, service: SERVICES[i % 2_000 % 4], hostname: `h${i % 2_000}`, metric: metrics[(i * 7) % 30], status });
    }
    const perSecond = count / ((performance.now() - started) / 1000);
    // Measured ~300,000/s on one core; the bound leaves room for a busy test machine.
    expect(perSecond).toBeGreaterThan(30_000);
  });
});
