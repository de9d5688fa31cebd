import { describe, expect, it } from 'vitest';
import { catalog, type RecordedEvent } from '@vigil/events';
import type { AlertRuleData, StatusChangedData } from '@vigil/domain';
import { alertProjection } from './alert.projection';

const T0 = Date.UTC(2024, 4, 1, 12);
const rule: AlertRuleData = {
  id: 'r1', name: 'endpoints', match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: null, hostname: null, metric: null },
  statuses: ['CRITICAL'], maxCheckAttempts: 1, notificationInterval: 0, flapLowThreshold: 20, flapHighThreshold: 30, sendResolved: true, labels: {},
};
const change = (status: string, at: number, hostname = 'srm.example.org'): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI', endpointGroup: 'SITE', function: '', service: 'SRM', hostname, metric: '', status, previousStatus: '', since: at, triggerEventId: null,
});

let sequence = 0;
function recorded(tenant: string, type: string, data: unknown, at = T0): RecordedEvent {
  sequence++;
  return { eventId: `e${sequence}`, type, schemaVersion: 1, fingerprint: '', tenant, category: 'x', streamId: 'x', occurredAt: at, recordedAt: at, correlationId: null, causationId: null, data, revision: 0, position: sequence * 10_000 };
}

describe('alert projection', () => {
  it('appends AlertRaised/AlertResolved to one stream per alert, with rows for history and the current set', () => {
    const p = alertProjection();
    const w = p.applyBatch([recorded('a', 'AlertRuleCreated', rule), recorded('a', 'StatusChanged', change('CRITICAL', T0)), recorded('a', 'StatusChanged', change('OK', T0 + 60_000))]);
    expect(w.appends).toHaveLength(1);
    expect(w.appends[0].events.map((e) => e.type)).toEqual(['AlertRaised', 'AlertResolved']);
    for (const e of w.appends[0].events) catalog().encode(e.type, e.data); // valid against schemas/alert
    expect(w.historyRows.map((r) => [r.event, r.status, r.hostname])).toEqual([['PROBLEM', 'CRITICAL', 'srm.example.org'], ['RESOLVED', 'OK', 'srm.example.org']]);
    expect(w.currentRows.map((r) => r.state)).toEqual(['firing', 'resolved']);
  });

  it('derives event ids from the trigger, so a replay appends the same ids and a redelivered batch nothing new', () => {
    const batch = () => {
      sequence = 0;
      return [recorded('a', 'AlertRuleCreated', rule), recorded('a', 'StatusChanged', change('CRITICAL', T0))];
    };
    const first = alertProjection();
    const ids = first.applyBatch(batch()).appends.flatMap((a) => a.events.map((e) => e.eventId));
    expect(ids).toHaveLength(1);
    expect(alertProjection().applyBatch(batch()).appends.flatMap((a) => a.events.map((e) => e.eventId))).toEqual(ids);
    expect(first.applyBatch(batch()).appends).toEqual([]);
  });

  it('moves every tenant on a platform tick, and keeps tenants apart', () => {
    const p = alertProjection();
    p.applyBatch([recorded('a', 'AlertRuleCreated', { ...rule, maxCheckAttempts: 2 }), recorded('a', 'StatusChanged', change('CRITICAL', T0)), recorded('b', 'StatusChanged', change('CRITICAL', T0))]);
    const w = p.applyBatch([recorded('_system', 'ClockTicked', { at: T0 + 60_000 })]);
    expect(w.appends.map((a) => [a.tenant, a.events[0].type])).toEqual([['a', 'AlertRaised']]);
  });

  it('suppresses alerts of an endpoint under an OUTAGE downtime declared in the registry', () => {
    const p = alertProjection();
    const service = { id: 's1', hostname: 'srm.example.org', serviceType: 'SRM', site: 'SITE' };
    const downtime = { id: 'd1', site: 'SITE', services: ['s1'], endpoints: [], severity: 'OUTAGE', classification: 'UNSCHEDULED', start: T0 - 60_000, end: T0 + 3_600_000, description: '' };
    const w = p.applyBatch([recorded('a', 'AlertRuleCreated', rule), recorded('a', 'ServiceRegistered', service), recorded('a', 'DowntimeDeclared', downtime), recorded('a', 'StatusChanged', change('CRITICAL', T0))]);
    expect(w.appends).toEqual([]);
    const after = p.applyBatch([recorded('a', 'DowntimeEndedEarly', { id: 'd1', end: T0 + 60_000 }), recorded('_system', 'ClockTicked', { at: T0 + 120_000 })]);
    expect(after.appends.map((a) => a.events[0].type)).toEqual(['AlertRaised']);
  });
});
