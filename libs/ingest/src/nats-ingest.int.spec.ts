import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore, type EventStore } from '@vigil/event-store';
import type { ProbeResultRecorded } from '@vigil/projections';
import { DEAD_LETTER_HEADERS, DeadLetterPublisher } from './dead-letters';
import type { MetricData } from './metric-data';
import { NatsIngest } from './nats-ingest';
import { DEFAULT_APPENDER, ProbeResultAppender } from './probe-result-appender';
import { AVRO_TYPE, encodeMetricData } from './record-batch';
import { RecordIngestor } from './record-ingestor';

const id = randomBytes(4).toString('hex');
const names = {
  ingest: { stream: `VIGIL_TEST_INGEST_${id}`, prefix: `vigil.test-ingest-${id}.metrics`, durable: 'ingest' },
  events: { stream: `VIGIL_TEST_INGEST_EVENTS_${id}`, prefix: `vigil.test-ingest-events-${id}` },
  dead: { stream: `VIGIL_TEST_DEAD_${id}`, prefix: `vigil.test-dead-${id}.metrics`, maxAgeMs: 3600_000 },
};

let nc: NatsConnection;
let store: EventStore;
let appendFailures = 0;
let ingest: NatsIngest;
const errors: unknown[] = [];

beforeAll(async () => {
  nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  const real = await JetStreamEventStore.open(nc, names.events);
  // A store that can be told to fail, to show a failed append is retried rather than acknowledged.
  store = Object.assign(Object.create(real) as EventStore, {
    append: (...args: Parameters<EventStore['append']>) => (appendFailures-- > 0 ? Promise.reject(new Error('store unavailable')) : real.append(...args)),
  });
  const appender = new ProbeResultAppender(store, { ...DEFAULT_APPENDER, attempts: 1 });
  const ingestor = new RecordIngestor(appender, new DeadLetterPublisher(nc, names.dead));
  ingest = await NatsIngest.start(nc, ingestor, { ...names.ingest, retryDelayMs: 200 }, (err) => errors.push(err));
});

afterAll(async () => {
  await ingest.stop();
  const jsm = await jetstreamManager(nc);
  for (const s of [names.ingest.stream, names.events.stream, names.dead.stream]) await jsm.streams.delete(s).catch(() => undefined);
  await nc.drain();
});

const tenant = () => `t_${randomBytes(4).toString('hex')}`;

const record = (i: number, overrides: Partial<MetricData> = {}): MetricData => ({
  timestamp: new Date(Date.UTC(2024, 2, 7, 10, 0, i)).toISOString(),
  service: 'webdav',
  hostname: `se${i}.example.org`,
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  summary: null,
  message: null,
  tags: null,
  actual_data: null,
  ...overrides,
});

async function publish(t: string, payload: Uint8Array, contentType?: string): Promise<void> {
  const h = headers();
  if (contentType) h.set('Content-Type', contentType);
  await jetstream(nc).publish(`${names.ingest.prefix}.${t}`, payload, { headers: h });
}

/** Work-queue retention: the ingest stream is empty once every message was acknowledged. */
async function drained(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (let i = 0; i < 200; i++) {
    if ((await jsm.streams.info(names.ingest.stream)).state.messages === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('ingest stream not drained');
}

async function probeResults(t: string): Promise<ProbeResultRecorded[]> {
  const shards = await Promise.all([...Array(8).keys()].map((n) => store.readStream({ tenant: t, category: 'probe', id: `shard-${n}` })));
  return shards
    .flat()
    .map((e) => e.data as ProbeResultRecorded)
    .sort((a, b) => a.timestamp - b.timestamp);
}

async function deadLetters(t: string, expected: number): Promise<JsMsg[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(names.dead.stream).catch(() => null);
  if (!info) return [];
  const consumer = await jetstream(nc).consumers.get(names.dead.stream, { filter_subjects: `${names.dead.prefix}.${t}` });
  const out: JsMsg[] = [];
  const batch = await consumer.fetch({ max_messages: expected, expires: 2000 });
  for await (const m of batch) out.push(m);
  return out;
}

describe('NATS ingest', () => {
  it('appends the valid records of an Avro array and dead-letters the others with their reason and index', async () => {
    const t = tenant();
    const bad = record(2, { status: 'GREEN' });
    await publish(t, encodeMetricData([record(1), bad, record(3)]), AVRO_TYPE);
    await drained();

    expect((await probeResults(t)).map((r) => r.hostname)).toEqual(['se1.example.org', 'se3.example.org']);
    const [letter, ...more] = await deadLetters(t, 2);
    expect(more).toEqual([]);
    expect(letter.headers?.get(DEAD_LETTER_HEADERS.reason)).toBe('status "GREEN" is not one of OK, WARNING, CRITICAL, UNKNOWN, MISSING, DOWNTIME');
    expect(letter.headers?.get(DEAD_LETTER_HEADERS.index)).toBe('1');
    expect(letter.headers?.get(DEAD_LETTER_HEADERS.field)).toBe('status');
    expect(letter.headers?.get('Content-Type')).toBe(AVRO_TYPE);
    expect(Buffer.from(letter.data)).toEqual(encodeMetricData(bad));
  });

  it('reads a single Avro record', async () => {
    const t = tenant();
    await publish(t, encodeMetricData(record(7, { tags: { scope: 'EGI' }, actual_data: 'time=1s' })), AVRO_TYPE);
    await drained();
    expect(await probeResults(t)).toEqual([
      { timestamp: Date.UTC(2024, 2, 7, 10, 0, 7), service: 'webdav', hostname: 'se7.example.org', metric: 'webdav-probe', status: 'OK', monitoringHost: 'mon1.example.org', summary: null, message: null, tags: { scope: 'EGI' }, actualData: 'time=1s' },
    ]);
  });

  it('reads JSON arrays and single JSON records, dead-lettering the invalid ones as sent', async () => {
    const t = tenant();
    const missing = { timestamp: '2024-03-07T10:00:00Z', service: 'webdav', metric: 'm', status: 'OK' };
    await publish(t, Buffer.from(JSON.stringify([record(1), missing, record(3)])), 'application/json');
    await publish(t, Buffer.from(JSON.stringify(record(4))));
    await drained();
    expect((await probeResults(t)).map((r) => r.hostname)).toEqual(['se1.example.org', 'se3.example.org', 'se4.example.org']);
    const letters = await deadLetters(t, 2);
    expect(letters).toHaveLength(1);
    expect(letters[0].headers?.get(DEAD_LETTER_HEADERS.reason)).toBe('hostname is required');
    expect(letters[0].headers?.get(DEAD_LETTER_HEADERS.index)).toBe('1');
    expect(JSON.parse(Buffer.from(letters[0].data).toString())).toEqual(missing);
  });

  it('dead-letters a payload that cannot be read as a whole, without a record index', async () => {
    const t = tenant();
    await publish(t, Buffer.from('{"timestamp": "2024'), 'application/json');
    await drained();
    const [letter] = await deadLetters(t, 1);
    expect(letter.headers?.get(DEAD_LETTER_HEADERS.reason)).toMatch(/^payload is not valid JSON/);
    expect(letter.headers?.has(DEAD_LETTER_HEADERS.index)).toBe(false);
    expect(Buffer.from(letter.data).toString()).toBe('{"timestamp": "2024');
    expect(await probeResults(t)).toEqual([]);
  });

  it('does not acknowledge a message whose append failed: it is redelivered and stored', async () => {
    const t = tenant();
    appendFailures = 2;
    errors.length = 0;
    await publish(t, encodeMetricData([record(1), record(2)]), AVRO_TYPE);
    await drained();
    expect(errors.map((e) => (e as Error).message)).toContain('store unavailable');
    expect((await probeResults(t)).map((r) => r.hostname)).toEqual(['se1.example.org', 'se2.example.org']);
  });
});
