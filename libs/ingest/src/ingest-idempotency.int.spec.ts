import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore, SCHEMA_HEADER } from '@vigil/event-store';
import { hostProjector, metricResultsProjection, type HostedProjector } from '@vigil/projections';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql, tableSink, type ClickHouse } from '@vigil/read-models';
import { DeadLetterPublisher } from './dead-letters';
import { ProbeResultAppender } from './probe-result-appender';
import { jsonBatch } from './record-batch';
import { RecordIngestor } from './record-ingestor';

const id = randomBytes(4).toString('hex');
const events = { stream: `VIGIL_TEST_IDEMPOTENT_${id}`, prefix: `vigil.test-idempotent-${id}` };
const dead = { stream: `VIGIL_TEST_IDEMPOTENT_DEAD_${id}`, prefix: `vigil.test-idempotent-dead-${id}.metrics`, maxAgeMs: 3600_000 };
const database = `vigil_ingest_test_${id}`;
const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

let nc: NatsConnection;
let ch: ClickHouse;
let ingestor: RecordIngestor;
let projector: HostedProjector;

beforeAll(async () => {
  nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  await runMigrations({ clickhouse: { url: clickhouseUrl, database }, directory: productMigrationsDirectory, nats: nc });
  ch = createClickHouse({ url: clickhouseUrl, database });
  const store = await JetStreamEventStore.open(nc, events);
  ingestor = new RecordIngestor(new ProbeResultAppender(store), new DeadLetterPublisher(nc, dead));
  projector = hostProjector(nc, catalog(), { stream: events.stream, filterSubject: `${events.prefix}.*.probe.*`, schemaHeader: SCHEMA_HEADER }, metricResultsProjection, tableSink(ch, 'metric_results'), () => undefined);
});

afterAll(async () => {
  projector.subscription.unsubscribe();
  const jsm = await jetstreamManager(nc);
  for (const s of [events.stream, dead.stream]) await jsm.streams.delete(s).catch(() => undefined);
  const server = createClickHouse({ url: clickhouseUrl });
  await server.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
  await Promise.all([server.close(), ch.close()]);
  await nc.drain();
});

const result = (summary: string) => ({
  timestamp: '2024-03-07T10:00:00Z',
  service: 'webdav',
  hostname: 'se.example.org',
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  summary,
});

async function projected(events: number): Promise<void> {
  for (let i = 0; i < 200 && projector.stats.events < events; i++) await new Promise((r) => setTimeout(r, 50));
  expect(projector.stats.events).toBe(events);
}

describe('ingest idempotency', () => {
  it('stores a result sent twice once in metric_results, however late the copy arrives', async () => {
    const tenant = `t_${randomBytes(4).toString('hex')}`;
    await ingestor.ingest(tenant, jsonBatch([result('first copy')], ingestor.validator), 'http');
    await projected(1);
    // Long after JetStream's duplicate window could help: the read model's key does.
    await ingestor.ingest(tenant, jsonBatch([result('second copy'), { ...result('other monitoring host'), monitoring_host: 'mon2.example.org' }], ingestor.validator), 'nats');
    await projected(3);

    const rows = await ch.query<{ monitoring_host: string; summary: string }>(
      sql`SELECT monitoring_host, summary FROM metric_results FINAL WHERE tenant = ${tenant} ORDER BY monitoring_host`,
    );
    expect(rows).toEqual([
      { monitoring_host: 'mon1.example.org', summary: 'second copy' },
      { monitoring_host: 'mon2.example.org', summary: 'other monitoring host' },
    ]);
  });
});
