import { describe, expect, it } from 'vitest';
import { positionOf, sequenceOf, type RecordedEvent } from '@vigil/events';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { statusProjection, type StatusWrite } from './status.projection';

const T0 = Date.parse('2025-03-03T10:00:00Z');
const MIN = 60_000;
const metricProfile = { services: [{ service: 'SRMv2', metrics: ['put'] }, { service: 'CREAM-CE', metrics: ['job'] }] };

let seq = 0;
function recorded(type: string, data: unknown, o: { tenant?: string; at?: number } = {}): RecordedEvent {
  seq++;
  return {
    eventId: `e${seq}`, type, schemaVersion: 1, fingerprint: '', tenant: o.tenant ?? 'acme', category: 'x', streamId: 'x',
    occurredAt: o.at ?? T0, recordedAt: o.at ?? T0, correlationId: null, causationId: null, data, revision: 0, position: positionOf(seq, 0),
  };
}

const profileSet = (tenant = 'acme') => recorded('MetricProfileSet', { name: 'p', profile: JSON.stringify(metricProfile), source: null }, { tenant });
const site = (shortName: string, ngi: string, type = 'SiteRegistered') => recorded(type, siteRegistered({ shortName, ngi }).data);
const service = (id: string, serviceType: string, hostname: string, siteName: string, type = 'ServiceRegistered') =>
  recorded(type, serviceRegistered({ id, serviceType, hostname, site: siteName }).data);
const result = (hostname: string, serviceType: string, metric: string, status: string, at: number, tenant = 'acme') =>
  recorded('ProbeResultRecorded', { timestamp: at, service: serviceType, hostname, metric, status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null }, { tenant, at });

/** `level keys: previous→status` of every appended event, and the current rows, for reading. */
const brief = (w: StatusWrite) => w.statusChanges.flatMap((a) => a.events.map((e) => {
  const d = e.data;
  return `${a.tenant} ${d.level} ${[d.supergroup, d.endpointGroup, d.service, d.hostname, d.metric].filter(Boolean).join('/')}: ${d.previousStatus || '∅'}→${d.status || '∅'}`;
}));

describe('status projection', () => {
  it('maps sites, services and results to statuses, and rows for both tables', () => {
    const p = statusProjection();
    const w = p.applyBatch([profileSet(), site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), result('se.a', 'SRMv2', 'put', 'CRITICAL', T0 + MIN)]);
    expect(brief(w).sort()).toEqual([
      'acme endpoint NGI_A/SITE-A/SRMv2/se.a: ∅→CRITICAL',
      'acme function NGI_A/SITE-A: ∅→CRITICAL',
      'acme group NGI_A/SITE-A: ∅→CRITICAL',
      'acme metric NGI_A/SITE-A/SRMv2/se.a/put: ∅→CRITICAL',
      'acme service NGI_A/SITE-A/SRMv2: ∅→CRITICAL',
      'acme supergroup NGI_A: ∅→CRITICAL',
    ]);
    expect(w.historyRows).toHaveLength(6);
    expect(w.historyRows[0]).toMatchObject({ tenant: 'acme', level: 'metric', endpoint_group: 'SITE-A', function: 'storage', status: 'CRITICAL', previous_status: '', since: new Date(T0 + MIN) });
    expect(w.currentRows).toHaveLength(6);
    expect(w.snapshot).toBeUndefined();
  });

  it('keeps one current row per item per batch: the last change', () => {
    const p = statusProjection({ tenantOptions: () => ({ profiles: { metricProfile } }) });
    p.applyBatch([site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A')]);
    const w = p.applyBatch([result('se.a', 'SRMv2', 'put', 'CRITICAL', T0 + MIN), result('se.a', 'SRMv2', 'put', 'OK', T0 + 2 * MIN)]);
    expect(w.historyRows.filter((r) => r.level === 'metric').map((r) => r.status)).toEqual(['CRITICAL', 'OK']);
    expect(w.currentRows.filter((r) => r.level === 'metric')).toEqual([expect.objectContaining({ status: 'OK', since: new Date(T0 + 2 * MIN) })]);
  });

  it('derives event ids from the trigger and the item, and skips a redelivered batch', () => {
    const batch = [profileSet(), site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), result('se.a', 'SRMv2', 'put', 'WARNING', T0 + MIN)];
    const first = statusProjection().applyBatch(batch);
    const again = statusProjection().applyBatch(batch);
    const ids = (w: StatusWrite) => w.statusChanges.flatMap((a) => a.events.map((e) => e.eventId));
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(6);
    const p = statusProjection();
    p.applyBatch(batch);
    expect(p.applyBatch(batch)).toEqual({ statusChanges: [], historyRows: [], currentRows: [] });
  });

  it('moves an endpoint when its service moves to another site, and a site when it changes NGI', () => {
    const p = statusProjection({ tenantOptions: () => ({ profiles: { metricProfile } }) });
    p.applyBatch([site('SITE-A', 'NGI_A'), site('SITE-B', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), result('se.a', 'SRMv2', 'put', 'OK', T0 + MIN)]);
    const moved = brief(p.applyBatch([service('s1', 'SRMv2', 'se.a', 'SITE-B', 'ServiceUpdated')]));
    expect(moved).toContain('acme group NGI_A/SITE-A: OK→∅');
    expect(moved).toContain('acme group NGI_A/SITE-B: ∅→OK');
    const regrouped = brief(p.applyBatch([site('SITE-B', 'NGI_B', 'SiteUpdated')]));
    expect(regrouped).toContain('acme supergroup NGI_A: OK→∅');
    expect(regrouped).toContain('acme supergroup NGI_B: ∅→OK');
    expect(brief(p.applyBatch([recorded('ServiceRemoved', { id: 's1' })]))).toContain('acme supergroup NGI_B: OK→∅');
  });

  it('overlays declared outages on ticks, follows edits and cancellations', () => {
    const p = statusProjection({ tenantOptions: () => ({ profiles: { metricProfile } }) });
    p.applyBatch([site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), result('se.a', 'SRMv2', 'put', 'OK', T0 + MIN)]);
    const declared = { id: 'd1', site: 'SITE-A', services: ['s1'], endpoints: [], severity: 'OUTAGE', classification: 'SCHEDULED', start: T0 + 10 * MIN, end: T0 + 60 * MIN, description: '' };
    expect(brief(p.applyBatch([recorded('DowntimeDeclared', declared), recorded('ClockTicked', { at: T0 + 5 * MIN }, { tenant: '_system' })]))).toEqual([]);
    expect(brief(p.applyBatch([recorded('ClockTicked', { at: T0 + 10 * MIN }, { tenant: '_system' })]))).toContain('acme endpoint NGI_A/SITE-A/SRMv2/se.a: OK→DOWNTIME');
    // Ended early: the next tick lifts the overlay.
    p.applyBatch([recorded('DowntimeEndedEarly', { id: 'd1', end: T0 + 20 * MIN })]);
    expect(brief(p.applyBatch([recorded('ClockTicked', { at: T0 + 20 * MIN }, { tenant: '_system' })]))).toContain('acme endpoint NGI_A/SITE-A/SRMv2/se.a: DOWNTIME→OK');
    p.applyBatch([recorded('DowntimeUpdated', { ...declared, start: T0 + 30 * MIN })]);
    expect(brief(p.applyBatch([recorded('ClockTicked', { at: T0 + 30 * MIN }, { tenant: '_system' })]))).toContain('acme endpoint NGI_A/SITE-A/SRMv2/se.a: OK→DOWNTIME');
    expect(brief(p.applyBatch([recorded('DowntimeCancelled', { id: 'd1' })]))).toContain('acme endpoint NGI_A/SITE-A/SRMv2/se.a: DOWNTIME→OK');
  });

  it('keeps tenants apart, and moves every tenant’s time on platform ticks', () => {
    const p = statusProjection({ tenantOptions: () => ({ profiles: { metricProfile }, freshnessMs: 10 * MIN }) });
    p.applyBatch([site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), result('se.a', 'SRMv2', 'put', 'OK', T0 + MIN)]);
    const other = [recorded('SiteRegistered', siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_A' }).data, { tenant: 'beta' }), recorded('ServiceRegistered', serviceRegistered({ id: 's1', serviceType: 'SRMv2', hostname: 'se.a', site: 'SITE-A' }).data, { tenant: 'beta' })];
    p.applyBatch([...other, result('se.a', 'SRMv2', 'put', 'CRITICAL', T0 + 2 * MIN, 'beta')]);
    expect(p.state.tenants.get('acme')?.engine.statuses().find((s) => s.level === 'metric')?.status).toBe('OK');
    const expired = brief(p.applyBatch([recorded('ClockTicked', { at: T0 + 12 * MIN }, { tenant: '_system' })]));
    expect(expired).toContain('acme metric NGI_A/SITE-A/SRMv2/se.a/put: OK→MISSING');
    expect(expired).toContain('beta metric NGI_A/SITE-A/SRMv2/se.a/put: CRITICAL→MISSING');
  });

  it('uses service groups as endpoint groups when the aggregation profile names them', () => {
    const p = statusProjection({ tenantOptions: () => ({ profiles: { metricProfile } }) });
    p.applyBatch([site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), service('s2', 'SRMv2', 'se.b', 'SITE-A')]);
    p.applyBatch([recorded('ServiceGroupRegistered', { name: 'VO-STORAGE', description: '', monitored: true, services: ['s1'] })]);
    p.applyBatch([result('se.a', 'SRMv2', 'put', 'CRITICAL', T0 + MIN), result('se.b', 'SRMv2', 'put', 'OK', T0 + MIN)]);
    const aggregation = { ...p.state.tenants.get('acme')!.engine.snapshot().profiles.aggregation, endpoint_group: 'servicegroups' };
    const switched = brief(p.applyBatch([recorded('AggregationProfileSet', { name: 'sg', profile: JSON.stringify(aggregation), source: null })]));
    // SITE-A was se.a CRITICAL OR se.b OK = OK; the service group holds only se.a.
    expect(switched).toContain('acme supergroup NGI_A: OK→∅');
    expect(switched).toContain('acme group NGI_A/SITE-A: OK→∅');
    expect(switched).toContain('acme group VO-STORAGE: ∅→CRITICAL');
    // se.b joins the group: CRITICAL OR OK = OK for the SRMv2 service of the group.
    expect(brief(p.applyBatch([recorded('ServiceGroupMemberAdded', { name: 'VO-STORAGE', service: 's2' })]))).toContain('acme group VO-STORAGE: CRITICAL→OK');
    expect(brief(p.applyBatch([recorded('ServiceGroupUpdated', { name: 'VO-STORAGE', description: '', monitored: false })]))).toContain('acme group VO-STORAGE: OK→∅');
  });

  it('snapshots when due, and a projection restored from it continues identically', () => {
    const setup = [profileSet(), site('SITE-A', 'NGI_A'), service('s1', 'SRMv2', 'se.a', 'SITE-A'), service('s2', 'CREAM-CE', 'ce.a', 'SITE-A')];
    const later = [result('se.a', 'SRMv2', 'put', 'OK', T0 + MIN), result('ce.a', 'CREAM-CE', 'job', 'CRITICAL', T0 + MIN), recorded('ClockTicked', { at: T0 + 25 * 60 * MIN }, { tenant: '_system' })];
    const whole = statusProjection({ snapshotEveryEvents: 4 });
    const w = whole.applyBatch(setup);
    expect(w.snapshot?.sequence).toBe(sequenceOf(setup[3].position));
    const restored = statusProjection({ from: JSON.parse(JSON.stringify(w.snapshot)) });
    // A redelivery of what the snapshot reflects changes nothing.
    expect(restored.applyBatch(setup).historyRows).toEqual([]);
    const a = whole.applyBatch(later);
    const b = restored.applyBatch(later);
    expect(b.historyRows).toEqual(a.historyRows);
    expect(b.statusChanges).toEqual(a.statusChanges);
    expect(a.historyRows.some((r) => r.status === 'MISSING')).toBe(true);
  });
});
