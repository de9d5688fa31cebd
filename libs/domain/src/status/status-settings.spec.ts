import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../shared/time';
import { createStatusEngine, restoreStatusEngine, type StatusEngine } from './status-engine';
import { checkStatusSettings, DEFAULT_STATUS_SETTINGS, normaliseStatusSettings, settingsInput, type StatusSettings } from './status-settings';
import type { DowntimeInput, StatusChangedData, StatusInput } from './status.types';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const metricProfile = { services: [{ service: 'ARC-CE', metrics: ['arc.job', 'arc.ping'] }, { service: 'SRMv2', metrics: ['srm.put'] }] };

const tick = (at: number): StatusInput => ({ kind: 'tick', at, eventId: `tick-${at}` });
const result = (service: string, hostname: string, metric: string, status: string, at = T0 + MINUTE): StatusInput => ({ kind: 'result', eventId: `r-${metric}-${at}`, timestamp: at, service, hostname, metric, status });
const settings = (over: Partial<StatusSettings>, at: number, eventId = 'settings-1') => settingsInput(normaliseStatusSettings(over), eventId, at);
const outage = (over: Partial<DowntimeInput> = {}): DowntimeInput => ({
  kind: 'downtime', op: 'upsert', id: 'dt-1', hostname: 'ce1.a', service: 'ARC-CE', start: T0 + HOUR, end: T0 + 3 * HOUR, severity: 'OUTAGE', classification: 'SCHEDULED', ...over,
});

/** SITE-A (NGI_A): one ARC-CE and one SRMv2 endpoint, every metric OK at T0 + 1 min, default settings. */
function site(): StatusEngine {
  const engine = createStatusEngine({ profiles: { metricProfile }, now: T0 });
  for (const [service, hostname] of [['ARC-CE', 'ce1.a'], ['SRMv2', 'se.a']])
    engine.apply({ kind: 'endpoint', op: 'upsert', endpointGroup: 'SITE-A', supergroup: 'NGI_A', service, hostname, monitored: true, at: T0 });
  engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'OK'));
  engine.apply(result('ARC-CE', 'ce1.a', 'arc.ping', 'OK'));
  engine.apply(result('SRMv2', 'se.a', 'srm.put', 'OK'));
  return engine;
}

const brief = (changes: StatusChangedData[]): string[] =>
  changes.map((c) => `${c.level} ${[c.endpointGroup, c.service, c.hostname, c.metric].filter(Boolean).join('/')}: ${c.previousStatus || '∅'}→${c.status || '∅'}`);
const status = (engine: StatusEngine, level: string, hostname = '', metric = '') =>
  engine.statuses().find((s) => s.level === level && s.hostname === hostname && s.metric === metric)?.status;

describe('status settings: freshness windows per tenant and metric', () => {
  it('turns a metric MISSING at the tick its per-metric window ends, once the settings are set', () => {
    const engine = site();
    engine.apply(tick(T0 + 5 * MINUTE));
    expect(engine.apply(settings({ metricFreshness: [{ metric: 'srm.put', seconds: 600 }] }, T0 + 5 * MINUTE))).toEqual([]);
    expect(engine.apply(tick(T0 + 10 * MINUTE))).toEqual([]);
    // srm.put's result at T0+1min, with a 10 min window: MISSING from T0+11min; arc.* keep a day.
    const changes = engine.apply(tick(T0 + 11 * MINUTE));
    expect(brief(changes).slice(0, 2)).toEqual(['metric SITE-A/SRMv2/se.a/srm.put: OK→MISSING', 'endpoint SITE-A/SRMv2/se.a: OK→MISSING']);
    expect(changes[0]).toMatchObject({ since: T0 + 11 * MINUTE, triggerEventId: `tick-${T0 + 11 * MINUTE}` });
    expect(status(engine, 'metric', 'ce1.a', 'arc.job')).toBe('OK');
  });

  it('makes a metric already older than its new window MISSING at once, labelled with the settings event', () => {
    const engine = site();
    engine.apply(tick(T0 + 30 * MINUTE));
    const changes = engine.apply(settings({ metricFreshness: [{ metric: 'arc.ping', seconds: 900 }] }, T0 + 31 * MINUTE, 'settings-7'));
    expect(brief(changes)[0]).toBe('metric SITE-A/ARC-CE/ce1.a/arc.ping: OK→MISSING');
    expect(changes[0]).toMatchObject({ since: T0 + 31 * MINUTE, triggerEventId: 'settings-7' });
    expect(status(engine, 'endpoint', 'ce1.a')).toBe('MISSING');
  });

  it('brings a MISSING metric back when a longer window covers its latest result again', () => {
    const engine = site();
    engine.apply(settings({ defaultFreshnessSeconds: 600 }, T0));
    engine.apply(tick(T0 + 20 * MINUTE));
    expect(status(engine, 'metric', 'se.a', 'srm.put')).toBe('MISSING');
    expect(brief(engine.apply(settings({ defaultFreshnessSeconds: 3600 }, T0 + 20 * MINUTE)))).toContain('metric SITE-A/SRMv2/se.a/srm.put: MISSING→OK');
    // ...and the new deadline holds: result at T0+1min + 1 h.
    expect(engine.apply(tick(T0 + 60 * MINUTE))).toEqual([]);
    expect(brief(engine.apply(tick(T0 + 61 * MINUTE)))).toContain('metric SITE-A/SRMv2/se.a/srm.put: OK→MISSING');
  });

  it('applies the default window to results and endpoints that come after the settings', () => {
    const engine = createStatusEngine({ profiles: { metricProfile }, now: T0 });
    engine.apply(settings({ defaultFreshnessSeconds: 300 }, T0));
    engine.apply({ kind: 'endpoint', op: 'upsert', endpointGroup: 'SITE-B', supergroup: '', service: 'SRMv2', hostname: 'se.b', monitored: true, at: T0 });
    engine.apply(tick(T0 + 4 * MINUTE));
    expect(status(engine, 'metric', 'se.b', 'srm.put')).toBeUndefined();
    // No result within 5 min of its appearance: MISSING.
    expect(brief(engine.apply(tick(T0 + 5 * MINUTE)))[0]).toBe('metric SITE-B/SRMv2/se.b/srm.put: ∅→MISSING');
  });
});

describe('status settings: downtime overlay', () => {
  it('shows no DOWNTIME when the tenant turns the overlay off, and failures count', () => {
    const engine = site();
    engine.apply(outage());
    engine.apply(tick(T0 + HOUR));
    expect(status(engine, 'endpoint', 'ce1.a')).toBe('DOWNTIME');
    expect(brief(engine.apply(settings({ downtimeOverlay: [] }, T0 + HOUR + MINUTE)))[0]).toBe('endpoint SITE-A/ARC-CE/ce1.a: DOWNTIME→OK');
    engine.apply(outage({ id: 'dt-2', hostname: 'se.a', service: 'SRMv2' }));
    expect(engine.apply(tick(T0 + 2 * HOUR))).toEqual([]);
    expect(brief(engine.apply(result('ARC-CE', 'ce1.a', 'arc.job', 'CRITICAL', T0 + 2 * HOUR)))).toContain('endpoint SITE-A/ARC-CE/ce1.a: OK→CRITICAL');
    expect(engine.statuses().some((s) => s.status === 'DOWNTIME')).toBe(false);
  });

  it('overlays an unscheduled outage in progress at once when the tenant includes UNSCHEDULED', () => {
    const engine = site();
    engine.apply(outage({ classification: 'UNSCHEDULED' }));
    engine.apply(tick(T0 + HOUR));
    expect(status(engine, 'endpoint', 'ce1.a')).toBe('OK');
    expect(brief(engine.apply(settings({ downtimeOverlay: ['SCHEDULED', 'UNSCHEDULED'] }, T0 + HOUR)))[0]).toBe('endpoint SITE-A/ARC-CE/ce1.a: OK→DOWNTIME');
  });

  it('never overlays a WARNING downtime, whatever the settings', () => {
    const engine = site();
    engine.apply(settings({ downtimeOverlay: ['UNSCHEDULED', 'SCHEDULED'] }, T0));
    engine.apply(outage({ severity: 'WARNING' }));
    expect(engine.apply(tick(T0 + HOUR))).toEqual([]);
  });
});

describe('status settings: snapshots', () => {
  it('keeps the settings across snapshot and restore: the restored engine behaves as the uninterrupted one', () => {
    const engine = site();
    engine.apply(settings({ metricFreshness: [{ metric: 'srm.put', seconds: 600 }], downtimeOverlay: [] }, T0));
    engine.apply(outage());
    const restored = restoreStatusEngine(JSON.parse(JSON.stringify(engine.snapshot())));
    for (const at of [T0 + 11 * MINUTE, T0 + HOUR + MINUTE]) expect(restored.apply(tick(at))).toEqual(engine.apply(tick(at)));
    expect(restored.statuses()).toEqual(engine.statuses());
    expect(status(restored, 'metric', 'se.a', 'srm.put')).toBe('MISSING');
    expect(status(restored, 'endpoint', 'ce1.a')).toBe('OK');
  });
});

describe('status settings: snapshots of the previous code', () => {
  it('restores a version 1 snapshot written before settings events existed, and then follows new settings', () => {
    // What the engine wrote before StatusSettingsSet: the options it was built with are the settings.
    const before = {
      version: 1 as const, clock: T0 + 5 * MINUTE, freshnessMs: 86_400_000, metricFreshnessMs: {}, downtimeClassifications: ['SCHEDULED' as const],
      profiles: createStatusEngine({ profiles: { metricProfile } }).snapshot().profiles,
      endpoints: [['SITE-A', 'NGI_A', 'SRMv2', 'se.a', true, T0, null]] as [string, string, string, string, boolean, number, null][],
      results: [['SRMv2', 'se.a', 'srm.put', T0 + MINUTE, 'OK', null]] as [string, string, string, number, string, null][],
      downtimes: [],
    };
    const engine = restoreStatusEngine(before);
    expect(status(engine, 'metric', 'se.a', 'srm.put')).toBe('OK');
    expect(brief(engine.apply(settings({ defaultFreshnessSeconds: 120 }, T0 + 6 * MINUTE)))[0]).toBe('metric SITE-A/SRMv2/se.a/srm.put: OK→MISSING');
  });
});

describe('status settings: checks and defaults', () => {
  it('names each bad field and why', () => {
    expect(checkStatusSettings({ defaultFreshnessSeconds: 0, metricFreshness: [{ metric: 'a b', seconds: 1.5 }, { metric: 'm', seconds: 60 }, { metric: 'm', seconds: 60 }], downtimeOverlay: ['WARNING'], extra: 1 })).toEqual([
      { field: 'extra', reason: 'is not a status setting' },
      { field: 'defaultFreshnessSeconds', reason: expect.stringContaining('integer number of seconds') },
      { field: 'metricFreshness[0].metric', reason: expect.stringContaining('metric name') },
      { field: 'metricFreshness[0].seconds', reason: expect.stringContaining('integer number of seconds') },
      { field: 'metricFreshness[2].metric', reason: "'m' is given twice" },
      { field: 'downtimeOverlay[0]', reason: 'must be one of SCHEDULED, UNSCHEDULED' },
    ]);
    expect(checkStatusSettings([])).toEqual([{ field: '', reason: 'must be an object' }]);
    expect(checkStatusSettings({ downtimeOverlay: [] })).toEqual([]);
  });

  it("fills omitted fields with ARGO's defaults in a canonical order", () => {
    expect(normaliseStatusSettings({})).toEqual(DEFAULT_STATUS_SETTINGS);
    expect(normaliseStatusSettings({ metricFreshness: [{ metric: 'z', seconds: 5 }, { metric: 'a', seconds: 9 }], downtimeOverlay: ['UNSCHEDULED', 'SCHEDULED'] })).toEqual({
      defaultFreshnessSeconds: 86_400,
      metricFreshness: [{ metric: 'a', seconds: 9 }, { metric: 'z', seconds: 5 }],
      downtimeOverlay: ['SCHEDULED', 'UNSCHEDULED'],
    });
  });
});
