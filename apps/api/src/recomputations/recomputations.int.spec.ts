import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore } from '@vigil/event-store';
import type { HostedProjector } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { hostRecomputeWorker } from '@vigil/recompute';
import { Registry } from 'prom-client';
import { authHeaders, createKey, createTestDatabase, testPlatformModule, type TestDatabase } from '@vigil/testing';
import { AuthModule } from '../auth/auth.module';
import { configureHttp } from '../http-app';
import { RecomputationsModule } from './recomputations.module';

const id = randomBytes(4).toString('hex');
const events = { stream: `VIGIL_TEST_HTTP_RECOMP_${id}`, prefix: `vigil.test-http-recomp-${id}` };
const database = `vigil_http_recomp_${id}`;
const keysBucket = `keys_${database}`;
const tenant = `t_${id}`;

let nc: NatsConnection;
let db: TestDatabase;
let ch: ClickHouse;
let app: INestApplication;
let base: string;
let worker: HostedProjector;
const keys = { operator: '', reader: '' };

beforeAll(async () => {
  process.env.VIGIL_DATA_DIR = `/tmp/${database}`;
  nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  db = await createTestDatabase(nc, { database });
  ch = db.clickhouse;
  const store = await JetStreamEventStore.open(nc, events);
  const TestPlatformModule = testPlatformModule({ nats: nc, store, clickhouse: ch, metrics: new Registry() });
  @Module({ imports: [TestPlatformModule, AuthModule.withBucket(keysBucket), RecomputationsModule] })
  class TestApp {}
  app = configureHttp(await NestFactory.create(TestApp, { logger: false }));
  await app.listen(0, '127.0.0.1');
  base = `${await app.getUrl()}/api/v1/recomputations`;
  keys.operator = await createKey(nc, 'operator', tenant, { bucket: keysBucket });
  keys.reader = await createKey(nc, 'reader', tenant, { bucket: keysBucket });
  worker = hostRecomputeWorker({ nc, store, clickhouse: ch, source: { stream: events.stream, prefix: events.prefix, schemas: catalog() } }, (err) => console.error(err), 20);
}, 60_000);

afterAll(async () => {
  worker.subscription.unsubscribe();
  await app.close();
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(`KV_${keysBucket}`).catch(() => undefined);
  await jsm.streams.delete(events.stream).catch(() => undefined);
  await db.drop();
  await nc.drain();
});

const post = (body: unknown, key = keys.operator) => fetch(base, { method: 'POST', headers: authHeaders(key, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
const get = (path = '', key = keys.reader) => fetch(`${base}${path}`, { headers: authHeaders(key) });
const request = {
  start_time: '2025-06-02T18:00:00Z',
  end_time: '2025-06-02T20:59:59Z',
  reason: 'GGUS #4711',
  requester: 'ops@example.org',
  exclude: ['SITE-A'],
  exclude_metrics: [{ service: 'SRMv2', metric: 'put' }],
  applied_status_changes: [{ group: 'SITE-B', state: 'ok' }],
};

async function until<T>(read: () => Promise<T>, ok: (x: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const x = await read();
    if (ok(x)) return x;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('/api/v1/recomputations', () => {
  it('creates a recomputation in ARGO’s terms, runs it, lists it and withdraws it', async () => {
    const res = await post(request);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; status: string };
    expect(created).toMatchObject({ ...request, applied_status_changes: [{ group: 'SITE-B', status: 'OK' }], status: 'pending', days: ['2025-06-02'] });
    const done = await until(async () => (await (await get(`/${created.id}`)).json()) as { status: string }, (r) => r.status === 'done');
    expect(done).toMatchObject({ id: created.id, status: 'done', days: ['2025-06-02'] });
    const list = await until(async () => (await (await get('?status=done')).json()) as { items: { id: string }[] }, (l) => l.items.length > 0);
    expect(list.items.map((i) => i.id)).toEqual([created.id]);

    const withdrawn = await fetch(`${base}/${created.id}?reason=wrong`, { method: 'DELETE', headers: authHeaders(keys.operator) });
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    const again = await fetch(`${base}/${created.id}`, { method: 'DELETE', headers: authHeaders(keys.operator) });
    expect(again.status).toBe(409);
  });

  it('answers 400 naming the field for a malformed time, and changes nothing', async () => {
    const res = await post({ ...request, start_time: 'yesterday' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('start_time');
  });

  it('answers 409 for a period in the future or without any exclusion', async () => {
    const future = await post({ ...request, end_time: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(409);
    expect(JSON.stringify(await future.json())).toContain('PERIOD_IN_FUTURE');
    const nothing = await post({ ...request, exclude: [], exclude_metrics: [], applied_status_changes: [] });
    expect(nothing.status).toBe(409);
  });

  it('lets only operators create, and answers 404 for an unknown recomputation', async () => {
    expect((await post(request, keys.reader)).status).toBe(403);
    expect((await get('/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});
