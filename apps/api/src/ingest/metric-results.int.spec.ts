import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { SCHEMA_HEADER, type EventStore } from '@vigil/event-store';
import { DEAD_LETTER_HEADERS, type MetricResultsPage } from '@vigil/ingest';
import { Registry } from 'prom-client';
import { hostProjector, metricResultsProjection, type HostedProjector } from '@vigil/projections';
import { tableSink } from '@vigil/read-models';
import { authHeaders, randomRun } from '@vigil/testing';
import { startTestApi, type TestApi } from '../../../../test/support/test-api';
import { INGEST_OPTIONS, IngestModule } from './ingest.module';

const id = randomRun();
const dead = { stream: `VIGIL_TEST_HTTP_DEAD_${id}`, prefix: `vigil.test-http-dead-${id}.metrics`, maxAgeMs: 3600_000 };

let api: TestApi;
let nc: NatsConnection;
let store: EventStore;
let tenant: string;
let base: string;
let projector: HostedProjector;
const keys = { operator: '', reader: '' };
const metrics = new Registry();

beforeAll(async () => {
  api = await startTestApi('http_ingest', [IngestModule], {
    events: true, metrics, streams: [dead.stream], providers: [{ provide: INGEST_OPTIONS, useValue: { deadLetters: dead } }],
  });
  nc = api.nc;
  store = api.store!;
  tenant = api.tenants.a;
  base = `${api.base}/api/v1/metric-results`;
  keys.operator = await api.key('operator', tenant);
  keys.reader = api.reader;
  const events = api.events!;
  projector = hostProjector(nc, catalog(), { stream: events.stream, filterSubject: `${events.prefix}.*.probe.*`, schemaHeader: SCHEMA_HEADER }, metricResultsProjection, tableSink(api.ch, 'metric_results'), () => undefined);
}, 60_000);

afterAll(async () => {
  projector?.subscription.unsubscribe();
  await api?.close();
});

const record = (i: number, overrides: Record<string, unknown> = {}) => ({
  timestamp: new Date(Date.UTC(2024, 2, 7, 10, 0, 0) + i * 1000).toISOString(),
  service: 'webdav',
  hostname: `se${i % 5}.example.org`,
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  ...overrides,
});

const post = (body: unknown, key?: string, contentType = 'application/json') =>
  fetch(base, { method: 'POST', headers: { ...(key ? authHeaders(key) : {}), 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function storedResults(): Promise<number> {
  const shards = await Promise.all([...Array(8).keys()].map((n) => store.readStream({ tenant, category: 'probe', id: `shard-${n}` })));
  return shards.flat().length;
}

describe('POST /api/v1/metric-results', () => {
  it('asks for a key (401) and the operator role (403) before looking at the body', async () => {
    for (const body of ['{not json', { not: 'an array' }, Array.from({ length: 10_001 }, (_, i) => record(i))]) {
      const anonymous = await post(body);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      const reader = await post(body, keys.reader);
      expect(reader.status).toBe(403);
      expect(await reader.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('accepts the valid records durably and names each refused one by index', async () => {
    const before = await storedResults();
    const res = await post([record(1), record(2, { status: 'GREEN' }), record(3, { hostname: undefined }), record(4), record(5, { timestamp: '2999-01-01T00:00:00Z' })], keys.operator);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      accepted: 2,
      rejected: [
        { index: 1, field: 'status', reason: 'status "GREEN" is not one of OK, WARNING, CRITICAL, UNKNOWN, MISSING, DOWNTIME' },
        { index: 2, field: 'hostname', reason: 'hostname is required' },
        { index: 4, field: 'timestamp', reason: 'timestamp "2999-01-01T00:00:00Z" is more than 60 minutes in the future' },
      ],
    });
    // "accepted" means appended: the events are there as soon as the answer is.
    expect(await storedResults()).toBe(before + 2);
    const consumer = await jetstream(nc).consumers.get(dead.stream, { filter_subjects: `${dead.prefix}.${tenant}` });
    const letters = [];
    for await (const m of await consumer.fetch({ max_messages: 3, expires: 2000 })) letters.push(m);
    expect(letters.map((m) => [m.headers?.get(DEAD_LETTER_HEADERS.index), m.headers?.get(DEAD_LETTER_HEADERS.source)])).toEqual([['1', 'http'], ['2', 'http'], ['4', 'http']]);
    expect(JSON.parse(Buffer.from(letters[0].data).toString())).toEqual(record(2, { status: 'GREEN' }));
    const counted = await metrics.getSingleMetricAsString('vigil_ingest_http_records_total');
    expect(counted).toMatch(/outcome="rejected"} [3-9]/);
  });

  it('refuses a body over 50 MB with 413, before reading it into memory', async () => {
    const res = await post(`[${'"x",'.repeat(13_200_000)}"x"]`, keys.operator);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'BATCH_TOO_LARGE', message: 'the body exceeds 50mb: send at most 10000 records per request' });
  });

  it('takes 10,000 records in one request and refuses 10,001 without storing any', async () => {
    const before = await storedResults();
    const tooMany = await post(Array.from({ length: 10_001 }, (_, i) => record(i)), keys.operator);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ code: 'BATCH_TOO_LARGE', message: 'a request holds at most 10000 records, this one has 10001: split it' });
    expect(await storedResults()).toBe(before);

    const full = await post(Array.from({ length: 10_000 }, (_, i) => record(i, { summary: 'x'.repeat(200) })), keys.operator);
    expect(full.status).toBe(200);
    expect(await full.json()).toEqual({ accepted: 10_000, rejected: [] });
    expect(await storedResults()).toBe(before + 10_000);
  });

  it('refuses a body that is not a JSON array, saying what to send', async () => {
    const notArray = await post({ timestamp: '2024-03-07T10:00:00Z' }, keys.operator);
    expect(notArray.status).toBe(400);
    expect(await notArray.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body', reason: 'the body must be a JSON array of metric-data records' }] });
    const broken = await post('[{"timestamp": ', keys.operator);
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'INVALID_JSON' });
    const text = await post('OK', keys.operator, 'text/plain');
    expect(text.status).toBe(415);
  });
});

describe('GET /api/v1/metric-results', () => {
  const get = (query: string, key = keys.reader) => fetch(`${base}?${query}`, { headers: authHeaders(key) });
  const page = async (query: string) => (await (await get(query)).json()) as MetricResultsPage;

  it('lists a host\'s deduplicated results in time order, page by page', async () => {
    const host = `paged.${id}.example.org`;
    const at = (s: number) => `2024-04-01T00:00:0${s}Z`;
    const batch = [0, 1, 2].map((s) => record(0, { hostname: host, timestamp: at(s), summary: `s${s}` }));
    await post(batch, keys.operator);
    await post([record(0, { hostname: host, timestamp: at(1), summary: 'late copy' })], keys.operator);
    for (let i = 0; i < 200 && projector.stats.events < 10_006; i++) await new Promise((r) => setTimeout(r, 50));

    const first = await page(`hostname=${host}&limit=2`);
    expect(first.items.map((r) => r.summary)).toEqual(['s0', 'late copy']);
    expect(first.items[0]).toEqual({ timestamp: at(0), service: 'webdav', hostname: host, metric: 'webdav-probe', status: 'OK', monitoring_host: 'mon1.example.org', summary: 's0', message: null, tags: null, actual_data: null });
    const second = await page(`hostname=${host}&limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ timestamp: at(2), summary: 's2' })], nextCursor: null });
    const window = await page(`hostname=${host}&from=${at(1)}&to=${at(2)}`);
    expect(window.items.map((r) => r.timestamp)).toEqual([at(1)]);
  });

  it('refuses bad filters with the field and the reason', async () => {
    const res = await get('limit=0');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'limit' }] });
    expect(await (await get('cursor=bm9wZQ')).json()).toMatchObject({ errors: [{ field: 'cursor', reason: 'cursor is not one this API returned' }] });
    expect(await (await get('from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z')).json()).toMatchObject({ errors: [{ field: 'from' }] });
    expect((await fetch(`${base}?limit=1`)).status).toBe(401);
  });
});
