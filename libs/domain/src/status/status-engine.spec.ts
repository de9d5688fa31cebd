import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../shared/time';
import { AP1_AGGREGATION_PROFILE } from './defaults/ap1-aggregation.profile';
import { EGI_OPERATIONS_PROFILE } from './defaults/egi-operations.profile';
import { createStatusEngine, type StatusEngine } from './status-engine';
import type { DowntimeInput, EndpointInput, StatusChangedData, StatusEngineOptions, StatusLevel } from './status.types';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

const metricProfile = {
  services: [
    { service: 'ARC-CE', metrics: ['arc.job', 'arc.ping'] },
    { service: 'CREAM-CE', metrics: ['cream.job'] },
    { service: 'SRMv2', metrics: ['srm.put'] },
    { service: 'Site-BDII', metrics: ['bdii.check'] },
  ],
};

const ep = (service: string, hostname: string, over: Partial<EndpointInput> = {}): EndpointInput => ({
  kind: 'endpoint',
  op: 'upsert',
  endpointGroup: 'SITE-A',
  supergroup: 'NGI_A',
  service,
  hostname,
  monitored: true,
  at: T0,
  ...over,
});

const result = (service: string, hostname: string, metric: string, status: string, at = T0 + MINUTE, eventId = `r-${metric}-${at}`) =>
  ({ kind: 'result', eventId, timestamp: at, service, hostname, metric, status }) as const;

const tick = (at: number) => ({ kind: 'tick', at, eventId: `tick-${at}` }) as const;

/** SITE-A in NGI_A: two compute endpoints (ARC-CE, CREAM-CE), one storage, one information. */
function siteA(options: StatusEngineOptions = {}): StatusEngine {
  const engine = createStatusEngine({ profiles: { metricProfile }, now: T0, ...options });
  for (const e of [ep('ARC-CE', 'ce1.a'), ep('CREAM-CE', 'ce2.a'), ep('SRMv2', 'se.a'), ep('Site-BDII', 'bdii.a')]) expect(engine.apply(e)).toEqual([]);
  return engine;
}

/** All metrics OK at T0 + 1 min. */
function allOk(engine: StatusEngine): StatusEngine {
  engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK'));
  engine.apply(result('ARC-CE', 'ce1.a', 'arc.ping', 'OK'));
  engine.apply(result('CREAM-CE', 'ce2.a', 'cream.job', 'OK'));
  engine.apply(result('SRMv2', 'se.a', 'srm.put', 'OK'));
  engine.apply(result('Site-BDII', 'bdii.a', 'bdii.check', 'OK'));
  return engine;
}

/** Changes as `level item: previous→status` lines: easy to read and to compute by hand. */
const brief = (changes: StatusChangedData[]): string[] =>
  changes.map((c) => `${c.level} ${[c.supergroup, c.endpointGroup, c.function, c.service, c.hostname, c.metric].filter(Boolean).join('/')}: ${c.previousStatus || '∅'}→${c.status || '∅'}`);

const statusOf = (engine: StatusEngine, level: StatusLevel, match: Partial<StatusChangedData> = {}): string | undefined =>
  engine.statuses().find((s) => s.level === level && Object.entries(match).every(([k, v]) => s[k as keyof StatusChangedData] === v))?.status;

describe('status engine: aggregation through the EGI truth tables', () => {
  it('reports every level of the first result, with empty previous statuses', () => {
    const engine = siteA();
    const changes = engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL'));
    expect(brief(changes)).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: ∅→CRITICAL',
      // arc.ping has no result yet: it takes no part until its freshness window passes.
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: ∅→CRITICAL',
      'service NGI_A/SITE-A/compute/ARC-CE: ∅→CRITICAL',
      'function NGI_A/SITE-A/compute: ∅→CRITICAL',
      'group NGI_A/SITE-A: ∅→CRITICAL',
      'supergroup NGI_A: ∅→CRITICAL',
    ]);
    expect(changes[0]).toMatchObject({ since: T0 + MINUTE, triggerEventId: `r-arc.job-${T0 + MINUTE}` });
  });

  it('combines metrics with AND, services of a function with OR and functions with AND', () => {
    const engine = siteA();
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK'));
    // OK AND CRITICAL = CRITICAL at the endpoint, and up to the NGI.
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.ping', 'CRITICAL')))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.ping: ∅→CRITICAL',
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→CRITICAL',
      'service NGI_A/SITE-A/compute/ARC-CE: OK→CRITICAL',
      'function NGI_A/SITE-A/compute: OK→CRITICAL',
      'group NGI_A/SITE-A: OK→CRITICAL',
      'supergroup NGI_A: OK→CRITICAL',
    ]);
    // compute = ARC-CE CRITICAL OR CREAM-CE OK = OK.
    expect(brief(engine.apply(result('CREAM-CE', 'ce2.a', 'cream.job', 'OK')))).toEqual([
      'metric NGI_A/SITE-A/compute/CREAM-CE/ce2.a/cream.job: ∅→OK',
      'endpoint NGI_A/SITE-A/compute/CREAM-CE/ce2.a: ∅→OK',
      'service NGI_A/SITE-A/compute/CREAM-CE: ∅→OK',
      'function NGI_A/SITE-A/compute: CRITICAL→OK',
      'group NGI_A/SITE-A: CRITICAL→OK',
      'supergroup NGI_A: CRITICAL→OK',
    ]);
    // group = compute OK AND storage WARNING = WARNING.
    expect(brief(engine.apply(result('SRMv2', 'se.a', 'srm.put', 'WARNING'))).slice(3)).toEqual([
      'function NGI_A/SITE-A/storage: ∅→WARNING',
      'group NGI_A/SITE-A: OK→WARNING',
      'supergroup NGI_A: OK→WARNING',
    ]);
    // WARNING AND UNKNOWN = UNKNOWN (EGI's table, not a precedence list).
    expect(brief(engine.apply(result('Site-BDII', 'bdii.a', 'bdii.check', 'UNKNOWN'))).slice(3)).toEqual([
      'function NGI_A/SITE-A/information: ∅→UNKNOWN',
      'group NGI_A/SITE-A: WARNING→UNKNOWN',
      'supergroup NGI_A: WARNING→UNKNOWN',
    ]);
  });

  it('stops at the first level that does not change', () => {
    const engine = allOk(siteA());
    // ARC-CE CRITICAL OR CREAM-CE OK keeps compute OK: nothing above the service changes.
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * MINUTE)))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: OK→CRITICAL',
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→CRITICAL',
      'service NGI_A/SITE-A/compute/ARC-CE: OK→CRITICAL',
    ]);
  });

  it('emits nothing for a result that repeats the status', () => {
    const engine = allOk(siteA());
    expect(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK', T0 + 5 * MINUTE))).toEqual([]);
  });

  it('combines endpoint groups of a supergroup with the profile operation', () => {
    const engine = allOk(siteA());
    engine.apply(ep('SRMv2', 'se.b', { endpointGroup: 'SITE-B' }));
    expect(brief(engine.apply(result('SRMv2', 'se.b', 'srm.put', 'CRITICAL'))).slice(-3)).toEqual([
      'function NGI_A/SITE-B/storage: ∅→CRITICAL',
      'group NGI_A/SITE-B: ∅→CRITICAL',
      // OK AND CRITICAL.
      'supergroup NGI_A: OK→CRITICAL',
    ]);
  });

  it('ignores results of metrics, service types or endpoints the profiles and topology do not expect', () => {
    const engine = allOk(siteA());
    expect(engine.apply(result('ARC-CE', 'ce1.a', 'not.in.profile', 'CRITICAL'))).toEqual([]);
    expect(engine.apply(result('ARC-CE', 'unknown.host', 'arc.job', 'CRITICAL'))).toEqual([]);
    expect(engine.apply(ep('VOMS', 'voms.a'))).toEqual([]);
    expect(engine.apply(result('VOMS', 'voms.a', 'arc.job', 'CRITICAL'))).toEqual([]);
    // A status the operations profile does not know is not a status.
    expect(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'BROKEN', T0 + 2 * MINUTE))).toEqual([]);
  });
});

describe('status engine: out-of-order results', () => {
  it('never lets an older result overwrite a newer status; an equal time replaces it', () => {
    const engine = allOk(siteA());
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 10 * MINUTE));
    expect(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK', T0 + 5 * MINUTE))).toEqual([]);
    expect(statusOf(engine, 'metric', { metric: 'arc.job' })).toBe('CRITICAL');
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'WARNING', T0 + 10 * MINUTE)))[0]).toBe(
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: CRITICAL→WARNING',
    );
  });
});

describe('status engine: freshness (MISSING) on clock ticks', () => {
  it('turns a metric MISSING when its freshness window passes, at the tick time', () => {
    const engine = allOk(siteA({ freshnessMs: HOUR, metricFreshnessMs: { 'srm.put': 10 * MINUTE } }));
    expect(engine.apply(tick(T0 + 10 * MINUTE))).toEqual([]);
    // srm.put's window (10 min from its result at T0+1min) ends at T0+11min.
    const changes = engine.apply(tick(T0 + 11 * MINUTE));
    expect(brief(changes)).toEqual([
      'metric NGI_A/SITE-A/storage/SRMv2/se.a/srm.put: OK→MISSING',
      'endpoint NGI_A/SITE-A/storage/SRMv2/se.a: OK→MISSING',
      'service NGI_A/SITE-A/storage/SRMv2: OK→MISSING',
      'function NGI_A/SITE-A/storage: OK→MISSING',
      // OK AND MISSING = MISSING.
      'group NGI_A/SITE-A: OK→MISSING',
      'supergroup NGI_A: OK→MISSING',
    ]);
    expect(changes[0]).toMatchObject({ since: T0 + 11 * MINUTE, triggerEventId: `tick-${T0 + 11 * MINUTE}` });
    // A fresh result brings it back.
    expect(brief(engine.apply(result('SRMv2', 'se.a', 'srm.put', 'OK', T0 + 12 * MINUTE))).at(-1)).toBe('supergroup NGI_A: MISSING→OK');
  });

  it('starts a metric without results MISSING only once the window since its endpoint appeared has passed', () => {
    const engine = siteA({ freshnessMs: HOUR });
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK', T0 + 30 * MINUTE));
    expect(engine.apply(tick(T0 + 59 * MINUTE))).toEqual([]);
    const changes = brief(engine.apply(tick(T0 + HOUR)));
    expect(changes.filter((c) => c.startsWith('metric'))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.ping: ∅→MISSING',
      'metric NGI_A/SITE-A/compute/CREAM-CE/ce2.a/cream.job: ∅→MISSING',
      'metric NGI_A/SITE-A/information/Site-BDII/bdii.a/bdii.check: ∅→MISSING',
      'metric NGI_A/SITE-A/storage/SRMv2/se.a/srm.put: ∅→MISSING',
    ]);
    // ce1: OK AND MISSING = MISSING; compute: MISSING OR MISSING = MISSING.
    expect(changes).toContain('endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→MISSING');
    expect(changes).toContain('function NGI_A/SITE-A/compute: OK→MISSING');
    expect(changes).toContain('supergroup NGI_A: OK→MISSING');
  });

  it('marks a result that is already older than its window MISSING at once', () => {
    const engine = siteA({ freshnessMs: HOUR });
    engine.apply(tick(T0 + 30 * MINUTE));
    expect(brief(engine.apply(result('CREAM-CE', 'ce2.a', 'cream.job', 'OK', T0 - 2 * HOUR)))[0]).toBe(
      'metric NGI_A/SITE-A/compute/CREAM-CE/ce2.a/cream.job: ∅→MISSING',
    );
  });

  it('ignores a tick that does not move the clock forward', () => {
    const engine = allOk(siteA({ freshnessMs: HOUR }));
    engine.apply(tick(T0 + 30 * MINUTE));
    expect(engine.apply(tick(T0 + 20 * MINUTE))).toEqual([]);
    expect(engine.snapshot().clock).toBe(T0 + 30 * MINUTE);
  });
});

const downtime = (over: Partial<DowntimeInput> = {}): DowntimeInput => ({
  kind: 'downtime',
  op: 'upsert',
  eventId: 'dt-event',
  id: 'dt-1',
  hostname: 'ce1.a',
  service: 'ARC-CE',
  start: T0 + HOUR,
  end: T0 + 2 * HOUR,
  severity: 'OUTAGE',
  classification: 'SCHEDULED',
  ...over,
});

describe('status engine: downtime overlay', () => {
  it('turns the endpoint DOWNTIME from the first tick in a scheduled outage until the tick at its end', () => {
    const engine = allOk(siteA());
    expect(engine.apply(downtime())).toEqual([]);
    expect(engine.apply(tick(T0 + HOUR - MINUTE))).toEqual([]);
    expect(brief(engine.apply(tick(T0 + HOUR)))).toEqual([
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→DOWNTIME',
      'service NGI_A/SITE-A/compute/ARC-CE: OK→DOWNTIME',
      // compute = DOWNTIME OR OK (CREAM-CE) = OK: nothing above changes.
    ]);
    // Metric results still change metric statuses, not the overlaid endpoint.
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + HOUR + MINUTE)))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: OK→CRITICAL',
    ]);
    // The earlier status resumes after the end: OK AND CRITICAL = CRITICAL.
    expect(brief(engine.apply(tick(T0 + 2 * HOUR)))).toEqual([
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: DOWNTIME→CRITICAL',
      'service NGI_A/SITE-A/compute/ARC-CE: DOWNTIME→CRITICAL',
    ]);
  });

  it('overlays at once a downtime declared while already in progress, and lifts it when cancelled', () => {
    const engine = allOk(siteA());
    engine.apply(tick(T0 + 90 * MINUTE));
    expect(brief(engine.apply(downtime()))[0]).toBe('endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→DOWNTIME');
    expect(brief(engine.apply(downtime({ op: 'remove' })))[0]).toBe('endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: DOWNTIME→OK');
  });

  it('never overlays a WARNING downtime, and failures during it count', () => {
    const engine = allOk(siteA());
    engine.apply(downtime({ severity: 'WARNING' }));
    expect(engine.apply(tick(T0 + HOUR))).toEqual([]);
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + HOUR + MINUTE)))).toContain(
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→CRITICAL',
    );
  });

  it('overlays an UNSCHEDULED outage only when the tenant asks for it', () => {
    const ignoring = allOk(siteA());
    ignoring.apply(downtime({ classification: 'UNSCHEDULED' }));
    expect(ignoring.apply(tick(T0 + HOUR))).toEqual([]);
    const overlaying = allOk(siteA({ downtimeClassifications: ['SCHEDULED', 'UNSCHEDULED'] }));
    overlaying.apply(downtime({ classification: 'UNSCHEDULED' }));
    expect(brief(overlaying.apply(tick(T0 + HOUR)))[0]).toBe('endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→DOWNTIME');
  });

  it('lets CRITICAL win over DOWNTIME in AND, as EGI’s table says', () => {
    const engine = allOk(siteA());
    engine.apply(downtime({ hostname: 'se.a', service: 'SRMv2' }));
    engine.apply(result('Site-BDII', 'bdii.a', 'bdii.check', 'CRITICAL', T0 + 30 * MINUTE));
    const changes = brief(engine.apply(tick(T0 + HOUR)));
    expect(changes).toContain('function NGI_A/SITE-A/storage: OK→DOWNTIME');
    // group = compute OK AND storage DOWNTIME AND information CRITICAL = CRITICAL: no change.
    expect(changes.some((c) => c.startsWith('group'))).toBe(false);
  });
});

describe('status engine: topology changes', () => {
  it('re-aggregates the groups when an endpoint is removed, and reports its items as gone', () => {
    const engine = allOk(siteA());
    engine.apply(result('CREAM-CE', 'ce2.a', 'cream.job', 'CRITICAL', T0 + 2 * MINUTE));
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * MINUTE));
    expect(statusOf(engine, 'group')).toBe('CRITICAL');
    expect(brief(engine.apply(ep('ARC-CE', 'ce1.a', { op: 'remove' })))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: CRITICAL→∅',
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.ping: OK→∅',
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: CRITICAL→∅',
      'service NGI_A/SITE-A/compute/ARC-CE: CRITICAL→∅',
    ]);
    // CREAM-CE alone is still CRITICAL; removing it too empties compute: the group is OK again.
    expect(brief(engine.apply(ep('CREAM-CE', 'ce2.a', { op: 'remove' }))).slice(-4)).toEqual([
      'service NGI_A/SITE-A/compute/CREAM-CE: CRITICAL→∅',
      'function NGI_A/SITE-A/compute: CRITICAL→∅',
      'group NGI_A/SITE-A: CRITICAL→OK',
      'supergroup NGI_A: CRITICAL→OK',
    ]);
  });

  it('treats an unmonitored endpoint as out of the tree, and brings it back with its latest results', () => {
    const engine = allOk(siteA());
    engine.apply(result('SRMv2', 'se.a', 'srm.put', 'CRITICAL', T0 + 2 * MINUTE));
    expect(brief(engine.apply(ep('SRMv2', 'se.a', { monitored: false }))).slice(-3)).toEqual([
      'function NGI_A/SITE-A/storage: CRITICAL→∅',
      'group NGI_A/SITE-A: CRITICAL→OK',
      'supergroup NGI_A: CRITICAL→OK',
    ]);
    expect(engine.apply(result('SRMv2', 'se.a', 'srm.put', 'WARNING', T0 + 3 * MINUTE))).toEqual([]);
    expect(brief(engine.apply(ep('SRMv2', 'se.a', { monitored: true, at: T0 + 4 * MINUTE }))).slice(-2)).toEqual([
      'group NGI_A/SITE-A: OK→WARNING',
      'supergroup NGI_A: OK→WARNING',
    ]);
  });

  it('adds an endpoint from the moment of its event, and its results then count', () => {
    const engine = allOk(siteA());
    engine.apply(result('CREAM-CE', 'ce3.a', 'cream.job', 'CRITICAL', T0 + 2 * MINUTE));
    // The new endpoint takes the latest result of its metric: compute = OK OR CRITICAL = OK.
    const changes = engine.apply(ep('CREAM-CE', 'ce3.a', { at: T0 + 3 * MINUTE, eventId: 'added' }));
    expect(brief(changes)).toEqual([
      'metric NGI_A/SITE-A/compute/CREAM-CE/ce3.a/cream.job: ∅→CRITICAL',
      'endpoint NGI_A/SITE-A/compute/CREAM-CE/ce3.a: ∅→CRITICAL',
      // CREAM-CE = ce2 OK OR ce3 CRITICAL = OK.
    ]);
    expect(changes[0]).toMatchObject({ since: T0 + 3 * MINUTE, triggerEventId: 'added' });
  });

  it('moves an endpoint between groups (remove from one, upsert into the other)', () => {
    const engine = allOk(siteA());
    engine.apply(ep('SRMv2', 'se.b', { endpointGroup: 'SITE-B' }));
    engine.apply(result('SRMv2', 'se.b', 'srm.put', 'OK'));
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * MINUTE));
    engine.apply(result('CREAM-CE', 'ce2.a', 'cream.job', 'CRITICAL', T0 + 2 * MINUTE));
    expect(statusOf(engine, 'group', { endpointGroup: 'SITE-A' })).toBe('CRITICAL');
    engine.apply(ep('CREAM-CE', 'ce2.a', { op: 'remove' }));
    const changes = brief(engine.apply(ep('CREAM-CE', 'ce2.a', { endpointGroup: 'SITE-B' })));
    expect(changes).toContain('function NGI_A/SITE-B/compute: ∅→CRITICAL');
    expect(changes).toContain('group NGI_A/SITE-B: OK→CRITICAL');
    expect(statusOf(engine, 'service', { endpointGroup: 'SITE-A', service: 'CREAM-CE' })).toBeUndefined();
  });

  it('moves a whole endpoint group to another supergroup when its supergroup changes', () => {
    const engine = allOk(siteA());
    const changes = brief(engine.apply(ep('ARC-CE', 'ce1.a', { supergroup: 'NGI_B' })));
    expect(changes).toContain('group NGI_A/SITE-A: OK→∅');
    expect(changes).toContain('supergroup NGI_A: OK→∅');
    expect(changes).toContain('group NGI_B/SITE-A: ∅→OK');
    expect(changes).toContain('supergroup NGI_B: ∅→OK');
    expect(changes).toContain('metric NGI_B/SITE-A/storage/SRMv2/se.a/srm.put: ∅→OK');
    expect(engine.statuses().every((s) => s.supergroup === 'NGI_B')).toBe(true);
  });
});

describe('status engine: profiles are data', () => {
  it('follows a new metric operation from the moment it is set', () => {
    const engine = allOk(siteA());
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * MINUTE));
    expect(statusOf(engine, 'endpoint', { hostname: 'ce1.a' })).toBe('CRITICAL');
    const aggregation = { ...siteA().snapshot().profiles.aggregation, metric_operation: 'OR' };
    const changes = engine.apply({ kind: 'profiles', aggregation, at: T0 + 3 * MINUTE, eventId: 'p1' });
    // OK OR CRITICAL = OK.
    expect(brief(changes)).toEqual(['endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: CRITICAL→OK', 'service NGI_A/SITE-A/compute/ARC-CE: CRITICAL→OK']);
    expect(changes[0]).toMatchObject({ since: T0 + 3 * MINUTE, triggerEventId: 'p1' });
  });

  it('drops items a new metric profile no longer expects and waits for the new metrics', () => {
    const engine = allOk(siteA());
    const next = { services: metricProfile.services.map((s) => (s.service === 'ARC-CE' ? { service: 'ARC-CE', metrics: ['arc.new'] } : s)) };
    expect(brief(engine.apply({ kind: 'profiles', metricProfile: next }))).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.job: OK→∅',
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.ping: OK→∅',
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→∅',
      'service NGI_A/SITE-A/compute/ARC-CE: OK→∅',
    ]);
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.new', 'WARNING', T0 + 2 * MINUTE))).slice(0, 3)).toEqual([
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a/arc.new: ∅→WARNING',
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: ∅→WARNING',
      'service NGI_A/SITE-A/compute/ARC-CE: ∅→WARNING',
    ]);
  });

  it('follows a new truth table: no precedence is built in', () => {
    const engine = allOk(siteA());
    engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'WARNING', T0 + 2 * MINUTE));
    const ops = siteA().snapshot().profiles.operations;
    // A table where OK AND WARNING = OK.
    const operations = {
      ...ops,
      operations: ops.operations.map((o) => (o.name !== 'AND' ? o : { ...o, truth_table: o.truth_table.map((r) => (r.a === 'OK' && r.b === 'WARNING' ? { ...r, x: 'OK' } : r)) })),
    };
    expect(brief(engine.apply({ kind: 'profiles', operations }))).toEqual([
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: WARNING→OK',
      'service NGI_A/SITE-A/compute/ARC-CE: WARNING→OK',
    ]);
  });

  it('keeps the profiles it has when a new one does not compile', () => {
    const engine = allOk(siteA());
    const aggregation = { ...siteA().snapshot().profiles.aggregation, metric_operation: 'XOR' };
    expect(engine.apply({ kind: 'profiles', aggregation })).toEqual([]);
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * MINUTE)))[1]).toBe('endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a: OK→CRITICAL');
  });

  it('applies threshold rules to actual data', () => {
    const engine = allOk(siteA({ profiles: { metricProfile, thresholds: [{ metric: 'srm.put', thresholds: 'time=1s;0:10;10:20' }] } }));
    const r = { ...result('SRMv2', 'se.a', 'srm.put', 'OK', T0 + 2 * MINUTE), actualData: 'time=15s;0:10;10:20' };
    expect(brief(engine.apply(r))[0]).toBe('metric NGI_A/SITE-A/storage/SRMv2/se.a/srm.put: OK→CRITICAL');
  });
});

describe('status engine: default profiles', () => {
  const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(__dirname, '../../../../../shared/fixtures/argo/egi', name), 'utf8'));

  it('start a new tenant on EGI’s operations profile and ap1, exactly as ARGO publishes them', () => {
    const ops = fixture('EGI-algorithm.json').data[0];
    expect(EGI_OPERATIONS_PROFILE).toEqual({ name: ops.name, available_states: ops.available_states, defaults: ops.defaults, operations: ops.operations });
    const ap1 = fixture('ap1.json');
    expect(AP1_AGGREGATION_PROFILE).toEqual({ name: ap1.name, endpoint_group: ap1.endpoint_group, metric_operation: ap1.metric_operation, profile_operation: ap1.profile_operation, groups: ap1.groups });
    expect(createStatusEngine().snapshot().profiles).toMatchObject({ operations: EGI_OPERATIONS_PROFILE, aggregation: AP1_AGGREGATION_PROFILE });
  });
});
