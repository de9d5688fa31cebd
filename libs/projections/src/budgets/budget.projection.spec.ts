import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { catalog, type RecordedEvent } from '@vigil/events';
import { MINUTE, type ErrorBudgetData, type StatusChangedData } from '@vigil/domain';
import { budgetProjection } from './budget.projection';

const T0 = Date.UTC(2024, 4, 1, 12);
const m = (minutes: number) => T0 + minutes * MINUTE;
const budget: ErrorBudgetData = {
  id: 'b1', name: 'SRM availability', ruleId: null, match: { level: 'endpoint', supergroup: null, endpointGroup: null, service: 'SRM', hostname: null, metric: null },
  objective: 'availability', target: 0.99, window: 24 * 60 * MINUTE, burnRateWindows: [{ severity: 'page', longWindow: 60 * MINUTE, shortWindow: 5 * MINUTE, factor: 14.4 }], labels: { team: 'storage' },
};
const change = (status: string, at: number): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI', endpointGroup: 'SITE', function: '', service: 'SRM', hostname: 'srm.example.org', metric: '', status, previousStatus: '', since: at, triggerEventId: null,
});

let sequence = 0;
function recorded(tenant: string, type: string, data: unknown, at = T0): RecordedEvent {
  sequence++;
  return { eventId: `e${sequence}`, type, schemaVersion: 1, fingerprint: '', tenant, category: 'x', streamId: 'x', occurredAt: at, recordedAt: at, correlationId: null, causationId: null, data, revision: 0, position: sequence * 10_000 };
}
const tick = (at: number) => recorded('_system', 'ClockTicked', { at }, at);
const minutes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tick(m(from + i)));

describe('budget projection', () => {
  it('writes each budget\'s figures once per batch and a burn-rate alert to its own stream, with alert rows', () => {
    sequence = 0;
    const p = budgetProjection();
    p.applyBatch([tick(T0), recorded('a', 'ErrorBudgetCreated', budget), recorded('a', 'StatusChanged', change('OK', T0)), ...minutes(1, 10)]);
    const w = p.applyBatch([recorded('a', 'StatusChanged', change('CRITICAL', m(10))), ...minutes(11, 14)]);
    expect(w.budgetRows).toHaveLength(1);
    // 4 of 14 minutes bad: availability 10/14; burn 1 h = (4/14)/0.01, 5 min = (4/5)/0.01
    expect(w.budgetRows[0]).toMatchObject({ tenant: 'a', budget_id: 'b1', name: 'SRM availability', target: 0.99, window_minutes: 1440, good_ms: 10 * MINUTE, valid_ms: 14 * MINUTE, removed: 0 });
    expect(w.budgetRows[0].availability).toBeCloseTo(10 / 14, 6);
    expect(JSON.parse(w.budgetRows[0].burn_rates)).toEqual([expect.objectContaining({ severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4, longBurnRate: expect.closeTo(28.571429, 5), shortBurnRate: expect.closeTo(80, 5), firing: true })]);
    expect(w.appends).toHaveLength(1);
    const [raised] = w.appends[0].events;
    expect(raised).toMatchObject({ type: 'AlertRaised', data: { kind: 'BURNRATE', ruleId: 'b1', labels: { team: 'storage', severity: 'page' } }, occurredAt: m(12) });
    for (const e of w.appends[0].events) catalog().encode(e.type, e.data);
    expect(w.budgetRows[0].firing).toEqual([w.appends[0].alertId]);
    expect(w.currentRows).toEqual([expect.objectContaining({ alert_id: w.appends[0].alertId, state: 'firing', kind: 'BURNRATE', rule_id: 'b1' })]);
  });

  it('derives event ids from the trigger, so a replay appends the same ids and a redelivered batch nothing new', () => {
    const batch = () => {
      sequence = 0;
      return [tick(T0), recorded('a', 'ErrorBudgetCreated', budget), recorded('a', 'StatusChanged', change('CRITICAL', T0)), ...minutes(1, 3)];
    };
    const first = budgetProjection();
    const ids = first.applyBatch(batch()).appends.flatMap((a) => a.events.map((e) => e.eventId));
    expect(ids).toHaveLength(1);
    expect(budgetProjection().applyBatch(batch()).appends.flatMap((a) => a.events.map((e) => e.eventId))).toEqual(ids);
    expect(first.applyBatch(batch())).toEqual({ appends: [], budgetRows: [], historyRows: [], currentRows: [] });
  });

  it('marks a removed budget and resolves its alerts; other tenants never see them', () => {
    sequence = 0;
    const p = budgetProjection();
    p.applyBatch([tick(T0), recorded('a', 'ErrorBudgetCreated', budget), recorded('a', 'StatusChanged', change('CRITICAL', T0)), recorded('b', 'StatusChanged', change('CRITICAL', T0)), ...minutes(1, 2)]);
    const w = p.applyBatch([recorded('a', 'ErrorBudgetRemoved', { id: 'b1' })]);
    expect(w.budgetRows).toEqual([expect.objectContaining({ tenant: 'a', budget_id: 'b1', removed: 1, firing: [] })]);
    expect(w.appends.map((a) => [a.tenant, a.events.map((e) => e.type)])).toEqual([['a', ['AlertResolved']]]);
    expect(w.currentRows).toEqual([expect.objectContaining({ state: 'resolved', status: 'OK' })]);
  });
});

describe('AlertRaised v2 (kind BURNRATE)', () => {
  it('still decodes an AlertRaised written before the kind existed', () => {
    const v1 = avro.Type.forSchema(JSON.parse(readFileSync(path.resolve(__dirname, '../../../../schemas/alert/history/alert-raised.v1.avsc'), 'utf8')), { registry: {} });
    const old = { alertId: 'a1', ruleId: 'r1', level: 'endpoint', supergroup: 'NGI', endpointGroup: 'SITE', service: 'SRM', hostname: 'h', metric: '', status: 'CRITICAL', previousStatus: 'OK', kind: 'RENOTIFY', since: T0, labels: {} };
    const fingerprint = v1.fingerprint('sha256').toString('hex').slice(0, 32);
    expect(catalog().decode(fingerprint, v1.toBuffer(old))).toEqual(old);
  });
});
