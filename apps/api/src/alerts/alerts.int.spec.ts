import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/transport-node';
import { Webhook } from 'standardwebhooks';
import type { StatusChangedData } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import type { HostedProjector } from '@vigil/projections';
import { sql, type ClickHouse } from '@vigil/read-models';
import { authHeaders, until, type WebhookReceiver } from '@vigil/testing';
import { startWebhookTestApi, type WebhookTestApi } from '../../../../test/support/webhook-test-api';
import { hostAlertProjector } from '../../../projector/src/alerts/alert-projector';
import { AlertsModule } from './alerts.module';
import { webhooksRedeliverCommand } from '../../../cli/src/commands/webhooks-redeliver.command';

const id = randomBytes(4).toString('hex');
const tenant = `t_${id}`;
const T0 = Date.now() - 10 * 60_000;

let nc: NatsConnection;
let testApi: WebhookTestApi;
let ch: ClickHouse;
let store: EventStore;
let api: string;
let projector: HostedProjector;
const keys = { operator: '', reader: '' };
// A real receiver on loopback: per path, what to answer next.
let receiver: WebhookReceiver;
let receiverUrl: string;

beforeAll(async () => {
  testApi = await startWebhookTestApi('alerts', [AlertsModule], id);
  ({ nc, ch, store, receiver } = testApi);
  receiverUrl = receiver.url;
  api = `${testApi.base}/api/v1`;
  keys.operator = await testApi.key('operator', tenant);
  keys.reader = await testApi.key('reader', tenant);
  projector = await hostAlertProjector(nc, testApi.projectorOptions);
}, 60_000);

afterAll(async () => {
  projector?.subscription.unsubscribe();
  await testApi?.close();
});

const call = (method: string, path: string, body?: unknown, key = keys.operator) =>
  fetch(`${api}${path}`, { method, headers: authHeaders(key, { 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });

const change = (endpointGroup: string, status: string, at: number): StatusChangedData => ({
  level: 'endpoint', supergroup: 'NGI_TEST', endpointGroup, function: '', service: 'SRM', hostname: `srm.${endpointGroup.toLowerCase()}.example.org`, metric: '',
  status, previousStatus: 'OK', since: at, triggerEventId: null,
});
const report = (...changes: StatusChangedData[]) => store.append({ tenant, category: 'status', id: 'shard-00' }, changes.map((data) => ({ type: 'StatusChanged', data, occurredAt: data.since })), 'any');
const tick = (at: number) => store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');

/** Runs `vigil webhooks redeliver` against this test's database; its stdout and exit code. */
async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  let out = '';
  process.env.VIGIL_CLICKHOUSE_DATABASE = testApi.database;
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return { code: await webhooksRedeliverCommand.run(argv), out };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    delete process.env.VIGIL_CLICKHOUSE_DATABASE;
  }
}
const to = (path: string) => receiver.to(path);

const subscriptions: Record<string, { id: string; secret: string }> = {};

describe('alert rules and webhooks over HTTP', () => {
  it('refuses bad rules with the field and the reason, and writes only for operators', async () => {
    const bad = await call('POST', '/alert-rules', { name: 'x', match: { level: 'planet' }, statuses: ['OK'] });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['match.level', 'statuses']);
    expect((await call('POST', '/alert-rules', { name: 'x', match: { level: 'endpoint' }, statuses: ['CRITICAL'] }, keys.reader)).status).toBe(403);
    expect((await call('POST', '/webhooks', { url: 'ftp://x', eventTypes: ['alert.raised'] })).status).toBe(400);
    // Private, loopback and link-local targets are refused unless allow-listed (here: 127.0.0.1 only).
    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]:8080/', 'http://127.0.0.2/']) {
      const refused = await call('POST', '/webhooks', { url, eventTypes: ['alert.raised'] });
      expect(refused.status, url).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', errors: [{ field: 'url' }] });
    }
    expect((await call('GET', '/alert-rules', undefined, keys.reader)).status).toBe(200);
    expect(await (await call('GET', '/alert-rules')).json()).toEqual({ items: [] });
  });

  it('creates a rule and subscriptions, answering each secret once', async () => {
    const rule = await call('POST', '/alert-rules', { name: 'critical SRMs', match: { level: 'endpoint', service: 'SRM' }, statuses: ['CRITICAL'], maxCheckAttempts: 2, labels: { team: 'storage' } });
    expect(rule.status).toBe(201);
    expect(await rule.json()).toMatchObject({ name: 'critical SRMs', maxCheckAttempts: 2, notificationIntervalMinutes: 30, flapLowThreshold: 20, flapHighThreshold: 30, sendResolved: true });
    expect((await call('POST', '/alert-rules', { name: 'critical SRMs', match: { level: 'endpoint' }, statuses: ['CRITICAL'] })).status).toBe(409);
    for (const site of ['OK', 'FLAKY', 'GONE', 'DEAD', 'BUSY']) {
      const res = await call('POST', '/webhooks', { url: `${receiverUrl}/${site.toLowerCase()}`, eventTypes: ['alert.raised', 'alert.resolved'], filter: { endpointGroups: [`SITE-${site}`] } });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; secret: string };
      expect(body.secret).toMatch(/^whsec_/);
      subscriptions[site] = body;
    }
    const listed = (await (await call('GET', '/webhooks')).json()) as { items: Record<string, unknown>[] };
    expect(listed.items).toHaveLength(5);
    expect(listed.items.every((s) => !('secret' in s))).toBe(true);
  });

  it('raises only once the problem is HARD, signed so that standardwebhooks verifies it', async () => {
    receiver.behaviour['/flaky'] = (() => { let n = 0; return () => (++n <= 2 ? 503 : 200); })();
    receiver.behaviour['/gone'] = () => 410;
    receiver.behaviour['/dead'] = () => 500;
    receiver.behaviour['/busy'] = (() => { let n = 0; return () => (++n === 1 ? [429, { 'retry-after': '2' }] : 200); })();
    await report(...['OK', 'FLAKY', 'GONE', 'DEAD', 'BUSY'].map((s) => change(`SITE-${s}`, 'CRITICAL', T0)));
    await until(() => projector.stats.events, (n) => n >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.receipts).toEqual([]); // SOFT: one check of two
    await tick(T0 + 60_000);
    const [delivery] = await until(() => to('/ok'), (r) => r.length > 0);
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    const payload = new Webhook(subscriptions.OK.secret).verify(delivery.body, delivery.headers as Record<string, string>);
    expect(payload).toMatchObject({
      type: 'alert.raised',
      data: { tenant, rule: { name: 'critical SRMs' }, kind: 'PROBLEM', level: 'endpoint', endpointGroup: 'SITE-OK', service: 'SRM', hostname: 'srm.site-ok.example.org', status: 'CRITICAL', since: new Date(T0).toISOString(), labels: { team: 'storage' } },
    });
    // The projector writes the read model after appending the alert events: the row may trail the delivery.
    const current = await until(async () => (await (await call('GET', '/alerts?state=firing')).json()) as { items: unknown[] }, (c) => c.items.length >= 5);
    expect(current.items).toHaveLength(5);
  });

  it('retries a receiver that is down and delivers exactly once per webhook-id when it is back', async () => {
    const got = await until(() => to('/flaky'), (r) => r.length >= 3);
    expect(got.map((r) => r.answered)).toEqual([503, 503, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(to('/flaky')).toHaveLength(3);
    const attempts = await until(
      () => ch.query<{ attempt: number; status: number; outcome: string }>(sql`SELECT attempt, status, outcome FROM webhook_attempts WHERE tenant = ${tenant} AND subscription_id = ${subscriptions.FLAKY.id} ORDER BY attempt`),
      (r) => r.length >= 3,
    );
    expect(attempts).toEqual([{ attempt: 1, status: 503, outcome: 'retry' }, { attempt: 2, status: 503, outcome: 'retry' }, { attempt: 3, status: 200, outcome: 'delivered' }]);
  });

  it('waits as long as Retry-After says when the receiver throttles (429)', async () => {
    const got = await until(() => to('/busy'), (r) => r.length >= 2);
    expect(got.map((r) => r.answered)).toEqual([429, 200]);
    // The schedule alone would retry after ~200 ms; the receiver asked for 2 s.
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(1_900);
    expect(got[1].headers['webhook-id']).toBe(got[0].headers['webhook-id']);
  });

  it('disables a subscription whose receiver answers 410', async () => {
    const sub = await until(async () => (await (await call('GET', `/webhooks/${subscriptions.GONE.id}`)).json()) as { enabled: boolean; disabledReason: string | null }, (s) => !s.enabled);
    expect(sub).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    expect(to('/gone')).toHaveLength(1);
  });

  it('dead-letters a delivery after the last retry; an operator lists it (API and CLI) and redelivers it', async () => {
    const letters = await until(async () => ((await (await call('GET', '/webhooks/dead-letters')).json()) as { items: { id: number; webhookId: string; attempts: number; lastStatus: number; subscriptionId: string }[] }).items, (l) => l.length > 0);
    expect(letters).toEqual([expect.objectContaining({ subscriptionId: subscriptions.DEAD.id, attempts: 3, lastStatus: 500 })]);
    expect(to('/dead')).toHaveLength(3);
    expect((await call('GET', '/webhooks/dead-letters', undefined, keys.reader)).status).toBe(403);
    const listed = await cli('--tenant', tenant, '--list');
    expect(listed.code).toBe(0);
    expect(listed.out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; webhookId: string })).toEqual([expect.objectContaining({ id: letters[0].id, webhookId: letters[0].webhookId })]);
    expect((await cli('--tenant', tenant, '999999')).code).toBe(1);
    receiver.behaviour['/dead'] = () => 200;
    const redelivered = await call('POST', `/webhooks/dead-letters/${letters[0].id}/redeliver`);
    expect(redelivered.status).toBe(202);
    const got = await until(() => to('/dead'), (r) => r.length >= 4);
    expect(got[3]).toMatchObject({ answered: 200 });
    expect(got[3].headers['webhook-id']).toBe(letters[0].webhookId);
    expect(((await (await call('GET', '/webhooks/dead-letters')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await call('POST', `/webhooks/dead-letters/${letters[0].id}/redeliver`)).status).toBe(404);
  });

  it('sends the recovery of a notified problem after a projector restart, signed, with the same alert id', async () => {
    // A restarted projector rebuilds rules and Nagios states from what its durable consumer acknowledged.
    projector.subscription.unsubscribe();
    await new Promise((r) => setTimeout(r, 200));
    projector = await hostAlertProjector(nc, testApi.projectorOptions);
    await report(change('SITE-OK', 'OK', T0 + 120_000));
    const got = await until(() => to('/ok'), (r) => r.length >= 2);
    const [raised, resolved] = got.map((r) => new Webhook(subscriptions.OK.secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: { alertId: string; status: string } });
    expect(resolved).toMatchObject({ type: 'alert.resolved', data: { status: 'OK', alertId: raised.data.alertId } });
    await new Promise((r) => setTimeout(r, 300));
    expect(to('/ok')).toHaveLength(2); // the replay raised nothing again
  });

  it('changes and removes rules and subscriptions through PATCH and DELETE', async () => {
    const rules = ((await (await call('GET', '/alert-rules')).json()) as { items: { id: string }[] }).items;
    const patched = await call('PATCH', `/alert-rules/${rules[0].id}`, { notificationIntervalMinutes: 0, labels: { team: 'storage', pager: 'no' } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ notificationIntervalMinutes: 0, labels: { pager: 'no' }, maxCheckAttempts: 2 });
    expect((await call('PATCH', `/alert-rules/${rules[0].id}`, { maxCheckAttempts: 0 })).status).toBe(400);
    expect((await call('PATCH', '/alert-rules/nope', { maxCheckAttempts: 3 })).status).toBe(404);
    const extra = (await (await call('POST', '/webhooks', { url: `${receiverUrl}/extra`, eventTypes: ['alert.resolved'], format: 'alertmanager' })).json()) as { id: string; format: string };
    expect(extra.format).toBe('alertmanager');
    expect((await call('DELETE', `/webhooks/${extra.id}`)).status).toBe(204);
    expect((await call('GET', `/webhooks/${extra.id}`)).status).toBe(404);
    expect((await call('DELETE', `/alert-rules/${rules[0].id}`, undefined, keys.reader)).status).toBe(403);
  });
});
