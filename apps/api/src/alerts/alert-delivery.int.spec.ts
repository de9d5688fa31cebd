import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { AlertRaisedData } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import { authHeaders, until } from '@vigil/testing';
import { startWebhookTestApi, type WebhookTestApi } from '../../../../test/support/webhook-test-api';
import { AlertsModule } from './alerts.module';

// Silences, inhibition and grouping end to end: API writes, alert events in the store, the real
// dispatcher and worker, and a real HTTP receiver on loopback. Ticks are appended by the test.

const id = randomBytes(4).toString('hex');
const tenants = { silence: `ts_${id}`, inhibit: `ti_${id}`, group: `tg_${id}` };

let testApi: WebhookTestApi;
let store: EventStore;
let api: string;
const keys: Record<string, { operator: string; reader: string }> = {};
let receiverUrl: string;

beforeAll(async () => {
  testApi = await startWebhookTestApi('delivery', [AlertsModule], id);
  store = testApi.store;
  receiverUrl = testApi.receiver.url;
  api = `${testApi.base}/api/v1`;
  for (const t of Object.values(tenants)) keys[t] = { operator: await testApi.key('operator', t), reader: await testApi.key('reader', t) };
}, 60_000);

afterAll(async () => {
  await testApi?.close();
});

const call = (tenant: string, method: string, path: string, body?: unknown, role: 'operator' | 'reader' = 'operator') =>
  fetch(`${api}${path}`, { method, headers: authHeaders(keys[tenant][role], { 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });
const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T;
const settle = () => new Promise((r) => setTimeout(r, 700));
const to = (path: string) => testApi.receiver.to(path).map((r) => JSON.parse(r.body));

const raise = (tenant: string, ruleId: string, endpointGroup: string, at = Date.now()): Promise<string> => {
  const alertId = randomUUID();
  const data: AlertRaisedData = { alertId, ruleId, level: 'endpoint', supergroup: 'NGI_TEST', endpointGroup, service: 'SRM', hostname: `srm.${endpointGroup.toLowerCase()}.example.org`, metric: '', status: 'CRITICAL', previousStatus: 'OK', kind: 'PROBLEM', since: at, labels: {} };
  return store.append({ tenant, category: 'alert', id: alertId }, [{ type: 'AlertRaised', data, occurredAt: at }], 'any').then(() => alertId);
};
const resolve = (tenant: string, ruleId: string, alertId: string, at = Date.now()) =>
  store.append({ tenant, category: 'alert', id: alertId }, [{ type: 'AlertResolved', data: { alertId, ruleId, status: 'OK', resolvedAt: at }, occurredAt: at }], 'any');
const tick = (at: number) => store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');

async function rule(tenant: string, name: string): Promise<string> {
  const res = await call(tenant, 'POST', '/alert-rules', { name, match: { level: 'endpoint' }, statuses: ['CRITICAL'] });
  expect(res.status).toBe(201);
  return (await json<{ id: string }>(res)).id;
}
async function subscribe(tenant: string, path: string, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await call(tenant, 'POST', '/webhooks', { url: `${receiverUrl}${path}`, eventTypes: ['alert.raised', 'alert.resolved'], ...extra });
  expect(res.status).toBe(201);
  return json(res);
}
const eq = (name: string, value: string) => ({ name, value });

describe('silences', () => {
  const t = tenants.silence;

  it('refuses a bad silence with 400 naming the field, and writes only for operators', async () => {
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const ok = { matchers: [eq('endpoint_group', 'SITE-A')], endsAt, createdBy: 'ops', comment: 'upgrade' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, matchers: [] }, 'matchers'],
      [{ ...ok, matchers: [{ name: 'endpoint_group', value: '([', isRegex: true }] }, 'matchers[0].value'],
      [{ ...ok, matchers: [{ name: 'team', value: '.*', isRegex: true }] }, 'matchers'],
      [{ ...ok, startsAt: new Date(Date.now() + 7200_000).toISOString() }, 'endsAt'],
      [{ ...ok, endsAt: 'tomorrow' }, 'endsAt'],
      [{ ...ok, createdBy: undefined }, 'createdBy'],
    ];
    for (const [body, field] of cases) {
      const res = await call(t, 'POST', '/silences', body);
      expect(res.status, field).toBe(400);
      expect((await json<{ errors: { field: string }[] }>(res)).errors.map((e) => e.field), field).toContain(field);
    }
    expect((await call(t, 'POST', '/silences', ok, 'reader')).status).toBe(403);
    expect(await json(call(t, 'GET', '/silences', undefined, 'reader'))).toEqual({ items: [] });
  });

  it('records a silenced alert but does not deliver it until the silence is expired', async () => {
    const ruleId = await rule(t, 'critical SRMs');
    await subscribe(t, '/silenced');
    const created = await call(t, 'POST', '/silences', { matchers: [eq('endpoint_group', 'SITE-A'), eq('alertname', 'critical SRMs')], endsAt: new Date(Date.now() + 3600_000).toISOString(), createdBy: 'ops@site-a', comment: 'SRM upgrade' });
    expect(created.status).toBe(201);
    const silence = await json<{ id: string; state: string; matchers: unknown[] }>(created);
    expect(silence).toMatchObject({ state: 'active', createdBy: 'ops@site-a', matchers: [{ name: 'endpoint_group', value: 'SITE-A', isRegex: false, isEqual: true }, expect.anything()] });
    const muted = await raise(t, ruleId, 'SITE-A');
    const loud = await raise(t, ruleId, 'SITE-B');
    const got = await until(() => to('/silenced'), (r) => r.length >= 1);
    await settle();
    expect(to('/silenced').map((p) => p.data.alertId)).toEqual([loud]);
    expect(got[0]).toMatchObject({ type: 'alert.raised', data: { endpointGroup: 'SITE-B' } });
    // Still recorded: the alert is an event in the store.
    expect((await store.readStream({ tenant: t, category: 'alert', id: muted })).map((e) => e.type)).toEqual(['AlertRaised']);
    expect((await json<{ items: { id: string }[] }>(call(t, 'GET', '/silences?state=active'))).items.map((s) => s.id)).toEqual([silence.id]);

    expect((await call(t, 'DELETE', `/silences/${silence.id}`, undefined, 'reader')).status).toBe(403);
    expect((await call(t, 'DELETE', `/silences/${silence.id}`)).status).toBe(204);
    const after = await until(() => to('/silenced'), (r) => r.length >= 2);
    expect(after.map((p) => p.data.alertId).sort()).toEqual([loud, muted].sort());
    expect(await json(call(t, 'GET', `/silences/${silence.id}`))).toMatchObject({ state: 'expired' });
    expect((await call(t, 'DELETE', `/silences/${silence.id}`)).status).toBe(409);
    expect((await call(t, 'DELETE', '/silences/nope')).status).toBe(404);
  });

  it('delivers a held-back alert at the first clock tick after the silence ends', async () => {
    const ruleId = (await json<{ items: { id: string }[] }>(call(t, 'GET', '/alert-rules'))).items[0].id;
    const end = Date.now() + 1_500;
    expect((await call(t, 'POST', '/silences', { matchers: [eq('endpoint_group', 'SITE-C')], endsAt: new Date(end).toISOString(), createdBy: 'ops', comment: 'short' })).status).toBe(201);
    const held = await raise(t, ruleId, 'SITE-C');
    await tick(end - 500);
    await settle();
    expect(to('/silenced').map((p) => p.data.alertId)).not.toContain(held);
    await tick(end);
    const got = await until(() => to('/silenced'), (r) => r.some((p) => p.data.alertId === held));
    expect(got.filter((p) => p.data.alertId === held)).toHaveLength(1);
  });
});

describe('inhibition', () => {
  const t = tenants.inhibit;

  it('refuses a bad inhibition rule with 400 naming the field', async () => {
    const bad = [
      [{ sourceMatchers: [eq('alertname', 'site down')] }, 'targetMatchers'],
      [{ sourceMatchers: [{ name: 'alertname', value: '(', isRegex: true }], targetMatchers: [eq('level', 'endpoint')] }, 'sourceMatchers[0].value'],
      [{ sourceMatchers: [eq('alertname', 'x')], targetMatchers: [eq('level', 'endpoint')], equal: ['not-a-label'] }, 'equal'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call(t, 'POST', '/inhibition-rules', body);
      expect(res.status, field).toBe(400);
      expect((await json<{ errors: { field: string }[] }>(res)).errors.map((e) => e.field), field).toContain(field);
    }
  });

  it('does not deliver a target while its source fires with the same equal labels, and delivers it when the source resolves', async () => {
    const siteDown = await rule(t, 'site down');
    const endpoint = await rule(t, 'endpoint critical');
    await subscribe(t, '/inhibited', { format: 'alertmanager' });
    const created = await call(t, 'POST', '/inhibition-rules', { sourceMatchers: [eq('alertname', 'site down')], targetMatchers: [eq('alertname', 'endpoint critical')], equal: ['endpoint_group'] });
    expect(created.status).toBe(201);
    const inhibition = await json<{ id: string }>(created);
    expect(await json(call(t, 'GET', '/inhibition-rules', undefined, 'reader'))).toEqual({ items: [{ id: inhibition.id, sourceMatchers: [{ name: 'alertname', value: 'site down', isRegex: false, isEqual: true }], targetMatchers: [{ name: 'alertname', value: 'endpoint critical', isRegex: false, isEqual: true }], equal: ['endpoint_group'] }] });

    const source = await raise(t, siteDown, 'SITE-X');
    const target = await raise(t, endpoint, 'SITE-X');
    const elsewhere = await raise(t, endpoint, 'SITE-Y');
    await until(() => to('/inhibited'), (r) => r.length >= 2);
    await settle();
    // The worker delivers concurrently: compare what arrived, not in which order.
    const fingerprints = () => to('/inhibited').map((p) => `${p.status} ${p.alerts[0].fingerprint}`).sort();
    expect(fingerprints()).toEqual([`firing ${source}`, `firing ${elsewhere}`].sort());
    expect(to('/inhibited').find((p) => p.alerts[0].fingerprint === elsewhere)).toMatchObject({ version: '4', receiver: expect.any(String), alerts: [{ labels: { alertname: 'endpoint critical', endpoint_group: 'SITE-Y', tenant: t } }] });

    await resolve(t, siteDown, source);
    await until(() => to('/inhibited'), (r) => r.length >= 4);
    expect(fingerprints()).toEqual([`firing ${source}`, `firing ${elsewhere}`, `resolved ${source}`, `firing ${target}`].sort());

    expect((await call(t, 'DELETE', `/inhibition-rules/${inhibition.id}`)).status).toBe(204);
    expect((await call(t, 'DELETE', `/inhibition-rules/${inhibition.id}`)).status).toBe(404);
  });
});

describe('grouping', () => {
  const t = tenants.group;

  it('takes Alertmanager durations and defaults, and refuses bad ones', async () => {
    const bad = await call(t, 'POST', '/webhooks', { url: `${receiverUrl}/x`, eventTypes: ['alert.raised'], groupBy: ['alertname'], groupWait: '30' });
    expect(bad.status).toBe(400);
    expect((await json<{ errors: { field: string }[] }>(bad)).errors.map((e) => e.field)).toEqual(['groupWait']);
    const noGroupBy = await call(t, 'POST', '/webhooks', { url: `${receiverUrl}/x`, eventTypes: ['alert.raised'], groupWait: '1m' });
    expect(await json(noGroupBy)).toMatchObject({ code: 'GROUPING_NEEDS_GROUP_BY', errors: [{ field: 'groupBy' }] });
    const plain = await subscribe(t, '/plain');
    expect(await json(call(t, 'GET', `/webhooks/${plain.id}`))).toMatchObject({ groupBy: [], groupWait: null, groupInterval: null, repeatInterval: null });
  });

  it('delivers the alerts of a group as one notification after groupWait, and keeps a pending group across a restart', async () => {
    const ruleId = await rule(t, 'critical SRMs');
    const grouped = await subscribe(t, '/grouped', { groupBy: ['alertname'] });
    expect(grouped).toMatchObject({ groupBy: ['alertname'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' });
    const am = await subscribe(t, '/grouped-am', { groupBy: ['alertname'], groupWait: '1m', format: 'alertmanager' });
    const t0 = Date.now();
    const a1 = await raise(t, ruleId, 'SITE-1', t0);
    const a2 = await raise(t, ruleId, 'SITE-2', t0 + 1);
    await until(() => to('/plain'), (r) => r.length >= 2); // the ungrouped subscription gets each at once
    await tick(t0 + 20_000);
    await settle();
    expect(to('/grouped')).toEqual([]);

    // A restarted dispatcher rebuilds its pending groups from the log.
    await testApi.restartDelivery();

    await tick(t0 + 40_000);
    const [first] = await until(() => testApi.receiver.to('/grouped'), (r) => r.length >= 1);
    const body = new Webhook(grouped.secret).verify(first.body, first.headers as Record<string, string>) as any;
    expect(body).toMatchObject({ type: 'alert.group', data: { tenant: t, groupKey: '{}:{alertname="critical SRMs"}', groupLabels: { alertname: 'critical SRMs' }, status: 'firing' } });
    expect(body.data.alerts.map((a: { alertId: string }) => a.alertId).sort()).toEqual([a1, a2].sort());
    expect(to('/grouped-am')).toEqual([]); // its groupWait is a minute

    await tick(t0 + 60_000);
    const [amBody] = await until(() => to('/grouped-am'), (r) => r.length >= 1);
    expect(amBody).toMatchObject({ version: '4', status: 'firing', receiver: am.id, groupKey: '{}:{alertname="critical SRMs"}', commonLabels: { alertname: 'critical SRMs', service: 'SRM', tenant: t, severity: 'critical' } });
    expect(amBody.commonLabels).not.toHaveProperty('endpoint_group');
    expect(amBody.alerts).toHaveLength(2);

    // A change is sent no sooner than groupInterval (5 m) after the last notification, the resolution included.
    await resolve(t, ruleId, a1, t0 + 70_000);
    await tick(t0 + 120_000);
    await settle();
    expect(to('/grouped')).toHaveLength(1);
    await tick(t0 + 40_000 + 5 * 60_000);
    const [, second] = await until(() => to('/grouped'), (r) => r.length >= 2);
    expect(second.data.alerts.map((a: { alertId: string; kind: string }) => `${a.alertId === a1 ? 'a1' : 'a2'} ${a.kind}`)).toEqual(['a2 PROBLEM', 'a1 RESOLVED']);
  });
});
