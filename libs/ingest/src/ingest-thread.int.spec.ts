import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore } from '@vigil/event-store';
import { IngestThread, type IngestThreadOptions } from './ingest-thread';
import type { MetricData } from './metric-data';
import { AVRO_TYPE, encodeMetricData } from './record-batch';
import { PROBE_SHARDS } from './shard';

const natsUrl = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const id = randomBytes(4).toString('hex');
const names = {
  ingest: { stream: `VIGIL_TEST_THREAD_INGEST_${id}`, prefix: `vigil.test-thread-ingest-${id}.metrics`, durable: 'ingest' },
  events: { stream: `VIGIL_TEST_THREAD_EVENTS_${id}`, prefix: `vigil.test-thread-events-${id}` },
  dead: { stream: `VIGIL_TEST_THREAD_DEAD_${id}`, prefix: `vigil.test-thread-dead-${id}.metrics`, maxAgeMs: 3600_000 },
};
const options: IngestThreadOptions = { natsUrl, store: { kind: 'jetstream', ...names.events }, ingest: names.ingest, deadLetters: names.dead };

let nc: NatsConnection;
let store: JetStreamEventStore;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
  store = await JetStreamEventStore.open(nc, names.events);
});

afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  for (const s of [names.ingest.stream, names.events.stream, names.dead.stream]) await jsm.streams.delete(s).catch(() => undefined);
  await nc.drain();
});

const record = (i: number, overrides: Partial<MetricData> = {}): MetricData => ({
  timestamp: new Date(Date.UTC(2024, 2, 7, 10, 0, 0) + i * 1000).toISOString(),
  service: 'webdav',
  hostname: `se${i % 50}.example.org`,
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: null,
  summary: null,
  message: null,
  tags: null,
  actual_data: null,
  ...overrides,
});

async function publish(tenant: string, records: MetricData[]): Promise<void> {
  const h = headers();
  h.set('Content-Type', AVRO_TYPE);
  await jetstream(nc).publish(`${names.ingest.prefix}.${tenant}`, encodeMetricData(records), { headers: h });
}

async function stored(tenant: string): Promise<number> {
  const shards = await Promise.all(Array.from({ length: PROBE_SHARDS }, (_, n) => store.readStream({ tenant, category: 'probe', id: `shard-${n}` })));
  return shards.reduce((n, events) => n + events.length, 0);
}

async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ingest on its own thread', () => {
  it('appends valid records, dead-letters invalid ones and counts both', { timeout: 60_000 }, async () => {
    const tenant = `t_${randomBytes(4).toString('hex')}`;
    const thread = await IngestThread.start(options, () => undefined);
    try {
      await publish(tenant, [record(0), record(1, { status: 'BROKEN' }), record(2)]);
      await until(() => thread.stats.records === 3);
      expect(thread.stats).toEqual({ records: 3, accepted: 2, rejected: 1, unreadable: 0 });
      expect(await stored(tenant)).toBe(2);
      const dead = await (await jetstreamManager(nc)).streams.info(names.dead.stream);
      expect(dead.state.messages).toBe(1);
    } finally {
      await thread.stop();
    }
  });

  it('stopped while messages are in flight, loses and duplicates no record once started again', { timeout: 120_000 }, async () => {
    const tenant = `t_${randomBytes(4).toString('hex')}`;
    const messages = 40;
    const perMessage = 500;
    await Promise.all(Array.from({ length: messages }, (_, m) => publish(tenant, Array.from({ length: perMessage }, (_, j) => record(m * perMessage + j)))));
    const first = await IngestThread.start(options, () => undefined);
    await until(() => first.stats.accepted > 0);
    await first.stop();
    const before = first.stats.accepted;
    // Stop drained what it had taken: every accepted record is appended, nothing more.
    expect(await stored(tenant)).toBe(before);
    const second = await IngestThread.start(options, () => undefined);
    try {
      await until(() => before + second.stats.accepted >= messages * perMessage);
      await until(async () => (await (await jetstreamManager(nc)).streams.info(names.ingest.stream)).state.messages === 0);
      expect(await stored(tenant)).toBe(messages * perMessage);
    } finally {
      await second.stop();
    }
  });

  it('fails to start with the reason when NATS cannot be reached', { timeout: 30_000 }, async () => {
    await expect(IngestThread.start({ ...options, natsUrl: 'nats://127.0.0.1:1' }, () => undefined)).rejects.toThrow(/ingest thread .*before it consumed/);
  });
});
