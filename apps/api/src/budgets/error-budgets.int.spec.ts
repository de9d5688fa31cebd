import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { ALERT_CATEGORY, MINUTE, type StatusChangedData } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import type { HostedProjector } from '@vigil/projections';
import { sql, type ClickHouse } from '@vigil/read-models';
import { authHeaders, until, type WebhookReceipt } from '@vigil/testing';
import { startWebhookTestApi, type WebhookTestApi } from '../../../../test/support/webhook-test-api';
import { hostBudgetProjector } from '../../../projector/src/budgets/budget-projector';
import { AlertsModule } from '../alerts/alerts.module';
import { ErrorBudgetsModule } from './error-budgets.module';

const id = randomBytes(4).toString('hex');
const tenant = `t_${id}`;
// Event time of its own, minute-aligned: the budget's clock follows events only.
const T0 = Math.ceil(Date.now() / MINUTE) * MINUTE + 10 * MINUTE;
const m = (minutes: number) => T0 + minutes * MINUTE;

let testApi: WebhookTestApi;
let ch: ClickHouse;
let store: EventStore;
let api: string;
let projector: HostedProjector;
const keys = { operator: '', reader: '' };
let receipts: WebhookReceipt[];
let receiverUrl: string;

beforeAll(async () => {
  testApi = await startWebhookTestApi('budgets', [ErrorBudgetsModule, AlertsModule], id);
  ({ ch, store } = testApi);
  receipts = testApi.receiver.receipts;
  receiverUrl = `${testApi.receiver.url}/hook`;
  api = `${testApi.base}/api/v1`;
  keys.operator = await testApi.key('operator', tenant);
  keys.reader = await testApi.key('reader', tenant);
  projector = await hostBudgetProjector(testApi.nc, testApi.projectorOptions);
}, 60_000);

afterAll(async () => {
  projector?.subscription.unsubscribe();
  await testApi?.close();
});

const call = (method: string, path: string, body?: unknown, key = keys.operator) =>
  fetch(`${api}${path}`, { method, headers: authHeaders(key, { 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });
const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;

const change = (status: string, at: number): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_TEST', endpointGroup: 'SITE-A', function: '', service: 'SRM', hostname: 'srm.site-a.example.org', metric: '', status, previousStatus: '', since: at, triggerEventId: null,
});
const report = (status: string, at: number) => store.append({ tenant, category: 'status', id: 'shard-00' }, [{ type: 'StatusChanged', data: change(status, at), occurredAt: at }], 'any');
const ticks = async (from: number, to: number) => {
  for (let i = from; i <= to; i++) await store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at: m(i) }, occurredAt: m(i) }], 'any');
};

const definition = { name: 'SRM availability', match: { level: 'endpoint', service: 'SRM' }, target: 0.99, window: '1d', burnRateWindows: [{ severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4 }], labels: { team: 'storage' } };
let budgetId = '';
let secret = '';

describe('error budgets over HTTP and through the budgets projector', () => {
  it('refuses bad budgets with the field and the reason, changes nothing, and writes only for operators', async () => {
    const bad = await call('POST', '/error-budgets', { ...definition, target: 1.5, window: '30x', burnRateWindows: [{ severity: 'urgent', longWindow: '1h', shortWindow: '5', factor: -1 }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['target', 'window', 'burnRateWindows[0].severity', 'burnRateWindows[0].shortWindow', 'burnRateWindows[0].factor']);
    expect(await json(call('POST', '/error-budgets', { ...definition, ruleId: 'r1' }))).toMatchObject({ statusCode: 409, code: 'ERROR_BUDGET_SCOPE_AMBIGUOUS', errors: [{ field: 'match' }] });
    expect(await json(call('POST', '/error-budgets', { ...definition, match: undefined, ruleId: 'nope' }))).toMatchObject({ statusCode: 409, code: 'UNKNOWN_ALERT_RULE', errors: [{ field: 'ruleId' }] });
    expect(await json(call('POST', '/error-budgets', { ...definition, burnRateWindows: [{ severity: 'page', longWindow: '2d', shortWindow: '1h', factor: 2 }] }))).toMatchObject({ statusCode: 409, errors: [{ field: 'burnRateWindows[0].longWindow' }] });
    expect((await call('POST', '/error-budgets', definition, keys.reader)).status).toBe(403);
    expect((await call('GET', '/error-budgets/nope', undefined, keys.reader)).status).toBe(404);
    expect(await json(call('GET', '/error-budgets', undefined, keys.reader))).toEqual({ items: [] });
  });

  it('creates a budget (defaults filled in) and a webhook subscription for its alerts', async () => {
    const res = await call('POST', '/error-budgets', definition);
    expect(res.status).toBe(201);
    const body = await json(res);
    budgetId = body.id;
    expect(body).toMatchObject({ name: 'SRM availability', ruleId: null, match: { level: 'endpoint', service: 'SRM' }, objective: 'availability', target: 0.99, window: '1d', availability: null, remaining: null, firingAlerts: [] });
    expect(body.burnRates).toEqual([{ severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4, longBurnRate: null, shortBurnRate: null, firing: false, alertId: null, since: null }]);
    expect((await call('POST', '/error-budgets', { ...definition, name: 'srm AVAILABILITY' })).status).toBe(409);
    const defaults = await json(call('POST', '/error-budgets', { name: 'defaults', match: { level: 'group' }, target: 0.8 }));
    expect(defaults).toMatchObject({ window: '30d', objective: 'availability' });
    expect(defaults.burnRates.map((b: any) => `${b.severity} ${b.factor} ${b.longWindow}/${b.shortWindow}`)).toEqual(['page 14.4 1h/5m', 'page 6 6h/30m', 'ticket 3 1d/2h', 'ticket 1 3d/6h']);
    expect((await call('DELETE', `/error-budgets/${defaults.id}`)).status).toBe(204);
    const hook = await call('POST', '/webhooks', { url: receiverUrl, eventTypes: ['alert.raised', 'alert.resolved'] });
    expect(hook.status).toBe(201);
    secret = (await json(hook)).secret;
  });

  it('computes the budget from status changes and ticks, and pages when both windows burn faster than 14.4', async () => {
    await report('OK', m(0));
    await ticks(1, 20);
    await report('CRITICAL', m(20));
    await ticks(21, 24);
    const budget = await until(() => json(call('GET', `/error-budgets/${budgetId}`, undefined, keys.reader)), (b) => b.firingAlerts?.length === 1 && b.evaluatedAt === new Date(m(24)).toISOString());
    // 20 of 24 minutes up: availability 5/6; (1/6) / 0.01 of the budget spent; burn 1 h = 16.67, 5 min = 4/5 / 0.01 = 80
    expect(budget.availability).toBeCloseTo(5 / 6, 5);
    expect(budget.consumed).toBeCloseTo(100 / 6, 4);
    expect(budget.remaining).toBeCloseTo(1 - 100 / 6, 4);
    expect(budget.burnRates[0]).toMatchObject({ longBurnRate: expect.closeTo(16.666667, 5), shortBurnRate: 80, firing: true, since: new Date(m(24)).toISOString() });
    const alertId = budget.firingAlerts[0].alertId;
    const log = await store.readStream({ tenant, category: ALERT_CATEGORY, id: alertId });
    expect(log.map((e) => e.type)).toEqual(['AlertRaised']);
    expect(log[0].data).toMatchObject({ kind: 'BURNRATE', ruleId: budgetId, level: 'endpoint', service: 'SRM', status: 'CRITICAL', labels: { team: 'storage', severity: 'page', budget: 'SRM availability' } });
    const alerts = await until(() => json(call('GET', '/alerts?state=firing', undefined, keys.reader)), (a) => a.items.length > 0);
    expect(alerts.items).toEqual([expect.objectContaining({ alertId, kind: 'BURNRATE', state: 'firing' })]);
    // The existing dispatch delivers it like any alert, signed.
    const [delivery] = await until(() => receipts, (r) => r.length > 0);
    expect(new Webhook(secret).verify(delivery.body, delivery.headers)).toMatchObject({ type: 'alert.raised', data: { alertId, kind: 'BURNRATE', labels: { severity: 'page' } } });
  });

  it('resolves the alert once the 5-minute window no longer burns, and keeps the rows in ClickHouse', async () => {
    await report('OK', m(25));
    await ticks(25, 29);
    await new Promise((r) => setTimeout(r, 300));
    expect((await json(call('GET', `/error-budgets/${budgetId}`))).firingAlerts).toHaveLength(1); // m(29): minute 24 still in the 5-min window
    await ticks(30, 30);
    const budget = await until(() => json(call('GET', `/error-budgets/${budgetId}`)), (b) => b.firingAlerts.length === 0);
    expect(budget).toMatchObject({ firingAlerts: [], evaluatedAt: new Date(m(30)).toISOString() });
    expect(budget.availability).toBeCloseTo(25 / 30, 5);
    expect(budget.burnRates[0].shortBurnRate).toBe(0);
    const firstDelivery = JSON.parse(receipts[0].body);
    const resolved = await until(() => receipts.map((r) => JSON.parse(r.body)).filter((b) => b.type === 'alert.resolved'), (r) => r.length > 0);
    expect(resolved[0].data).toMatchObject({ alertId: firstDelivery.data.alertId, status: 'OK' });
    const rows = await ch.query<{ n: string }>(sql`SELECT count() AS n FROM error_budgets FINAL WHERE tenant = ${tenant} AND budget_id = ${budgetId} AND removed = 0`);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('replaces and removes a budget', async () => {
    // The default pairs reach 3 days back: they do not fit a 1-day window.
    expect(await json(call('PUT', `/error-budgets/${budgetId}`, { ...definition, target: 0.8, burnRateWindows: undefined }))).toMatchObject({ statusCode: 409, code: 'INVALID_BURN_RATE_WINDOW', errors: [{ field: 'burnRateWindows[3].longWindow' }] });
    const replaced = await call('PUT', `/error-budgets/${budgetId}`, { ...definition, target: 0.8, window: undefined, burnRateWindows: undefined });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ target: 0.8, window: '30d', labels: { team: 'storage' } });
    expect((await json(call('GET', `/error-budgets/${budgetId}`))).burnRates).toHaveLength(4);
    expect((await call('PUT', '/error-budgets/nope', definition)).status).toBe(404);
    expect((await call('DELETE', `/error-budgets/${budgetId}`, undefined, keys.reader)).status).toBe(403);
    expect((await call('DELETE', `/error-budgets/${budgetId}`)).status).toBe(204);
    expect((await call('GET', `/error-budgets/${budgetId}`)).status).toBe(404);
    expect(await json(call('GET', '/error-budgets'))).toEqual({ items: [] });
  });
});
