import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '@vigil/events';
import type { HostedProjector } from '@vigil/projections';
import { hostRecomputeWorker } from '@vigil/recompute';
import { Registry } from 'prom-client';
import { authHeaders } from '@vigil/testing';
import { startTestApi, type TestApi } from '../../../../test/support/test-api';
import { RecomputationsModule } from './recomputations.module';

let api: TestApi;
let base: string;
let worker: HostedProjector;
const keys = { operator: '', reader: '' };

beforeAll(async () => {
  api = await startTestApi('http_recomp', [RecomputationsModule], { events: true, metrics: new Registry() });
  base = `${api.base}/api/v1/recomputations`;
  keys.operator = await api.key('operator', api.tenants.a);
  keys.reader = api.reader;
  const source = { ...api.events!, schemas: catalog() };
  worker = hostRecomputeWorker({ nc: api.nc, store: api.store!, clickhouse: api.ch, source }, (err) => console.error(err), 20);
}, 60_000);

afterAll(async () => {
  worker?.subscription.unsubscribe();
  await api?.close();
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
