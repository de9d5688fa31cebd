
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore, SCHEMA_HEADER } from '@vigil/event-store';
import { hostProjector, metricResultRow, metricResultsProjection } from '@vigil/projections';
import { productMigrationsDirectory, runMigrations, tableSink, type ClickHouse } from '@vigil/read-models';
import { loadConfig } from '@vigil/config';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { headers } from '@nats-io/transport-node';
import { DeadLetterPublisher, ensureIngestStream, NatsIngest, ProbeResultAppender, RecordIngestor } from '@vigil/ingest';
import { CLICKHOUSE, CONFIG, EVENT_STORE, NATS, Readiness, SCHEMAS } from '@vigil/platform';
import { AuthModule } from '../../apps/api/src/auth/auth.module';
import { configureHttp } from '../../apps/api/src/http-app';
import { INGEST_OPTIONS, IngestModule } from '../../apps/api/src/ingest/ingest.module';
import { authHeaders, createKey } from '../support/api-keys';
import type { BenchReport } from './bench-report';
import { batchDecoder, encodeBatch, metricData, probeEventData } from './probe-records';

const RAW_STREAM = 'VIGIL_BENCH_RAW';
const EVENTS_STREAM = 'VIGIL_BENCH_EVENTS';
const EVENTS_PREFIX = 'vigil.bench-events';
const PER_MESSAGE = 1000;
/** The bench's own API keys: never the platform's bucket. */
const BENCH_KEYS = 'vigil_bench_keys';
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);

export class BenchContext {
  constructor(
    readonly nc: NatsConnection,
    readonly clickhouse: ClickHouse,
    readonly report: BenchReport,
    readonly records: number,
  ) {}

  baseline(name: string): { name: string; value: number } {
    const e = this.report.get(name);
    if (!e) throw new Error(`baseline ${name} was not measured`);
    return { name, value: e.value };
  }

  async cleanup(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    for (const s of [RAW_STREAM, EVENTS_STREAM]) await jsm.streams.delete(s).catch(() => undefined);
  }
}

export interface BenchPart {
  name: string;
  baseline?: boolean;
  run(ctx: BenchContext): Promise<void>;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

async function recreate(nc: NatsConnection, name: string, subjects: string[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(name).catch(() => undefined);
  await jsm.streams.add({ name, subjects });
}

/** Publishes with a bounded window of outstanding acks, like a real async producer. */
async function publishAll(nc: NatsConnection, subject: string, payloads: Buffer[], window = 64): Promise<void> {
  const js = jetstream(nc);
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) await js.publish(subject, payloads[next++]);
  };
  await Promise.all(Array.from({ length: window }, worker));
}

const rawPublish: BenchPart = {
  name: 'raw.publish',
  baseline: true,
  async run(ctx) {
    await recreate(ctx.nc, RAW_STREAM, ['vigil.bench-raw.>']);
    const payloads: Buffer[] = [];
    for (let i = 0; i < ctx.records; i += PER_MESSAGE) payloads.push(encodeBatch(Array.from({ length: PER_MESSAGE }, (_, j) => metricData(i + j))));
    const start = process.hrtime.bigint();
    await publishAll(ctx.nc, 'vigil.bench-raw.metrics', payloads);
    ctx.report.absolute('raw.publish', ctx.records / seconds(start), 'records/s', 'higher');
  },
};

const rawConsume: BenchPart = {
  name: 'raw.consume',
  baseline: true,
  async run(ctx) {
    const decode = batchDecoder();
    const consumer = await jetstream(ctx.nc).consumers.get(RAW_STREAM, { deliver_policy: DeliverPolicy.All });
    const start = process.hrtime.bigint();
    let records = 0;
    const messages = await consumer.consume({ max_messages: 256 });
    for await (const m of messages) {
      records += decode(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)).length;
      if (records >= ctx.records) break;
    }
    ctx.report.absolute('raw.consume', records / seconds(start), 'records/s', 'higher');
  },
};

const rawInsert: BenchPart = {
  name: 'raw.insert',
  baseline: true,
  async run(ctx) {
    const config = loadConfig();
    await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: ctx.clickhouse.database! }, directory: productMigrationsDirectory, nats: ctx.nc });
    const rows = Array.from({ length: 100_000 }, (_, i) => {
      const r = metricData(i);
      const e = { tenant: 'bench', eventId: `e${i}`, position: i, recordedAt: Date.now(), data: probeEventData(r) };
      return metricResultRow(e as never);
    });
    const start = process.hrtime.bigint();
    let n = 0;
    for (let i = 0; i < ctx.records; i += rows.length) {
      await ctx.clickhouse.insert('metric_results', rows as never);
      n += rows.length;
    }
    ctx.report.absolute('raw.insert', n / seconds(start), 'rows/s', 'higher');
  },
};

/** 8 writers in parallel, each appending commits of 1,000 probe results to its own stream. */
const eventStoreAppend: BenchPart = {
  name: 'eventstore.append',
  async run(ctx) {
    await recreate(ctx.nc, EVENTS_STREAM, [`${EVENTS_PREFIX}.>`]);
    const store = await JetStreamEventStore.open(ctx.nc, { stream: EVENTS_STREAM, prefix: EVENTS_PREFIX });
    // A pool of distinct records reused across commits keeps the heap small, as a live producer's would be.
    const pool = Array.from({ length: 10 * PER_MESSAGE }, (_, i) => ({ type: 'ProbeResultRecorded', data: probeEventData(metricData(i)) }));
    const commits = ctx.records / PER_MESSAGE;
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      [...Array(WRITERS).keys()].map(async (w) => {
        while (next < commits) {
          const offset = (next++ % 10) * PER_MESSAGE;
          await store.append({ tenant: 'bench', category: 'probe', id: `shard-${w}` }, pool.slice(offset, offset + PER_MESSAGE), 'any');
        }
      }),
    );
    ctx.report.ratio('eventstore.append', ctx.records / seconds(start), 'events/s', ctx.baseline('raw.publish'), 0.5);
  },
};

/** The metric-results projection from the events above into ClickHouse, through the projector runtime. */
const projectorThroughput: BenchPart = {
  name: 'projector.throughput',
  async run(ctx) {
    const jsm = await jetstreamManager(ctx.nc);
    const info = await jsm.streams.info(EVENTS_STREAM).catch(() => null);
    if (!info || info.state.messages === 0) await eventStoreAppend.run(ctx);
    const total = ctx.records;
    const start = process.hrtime.bigint();
    let failed: unknown;
    const hosted = hostProjector(ctx.nc, catalog(), { stream: EVENTS_STREAM, filterSubject: `${EVENTS_PREFIX}.*.probe.*`, schemaHeader: SCHEMA_HEADER, maxEvents: 100_000 }, { ...metricResultsProjection, name: `bench-${Date.now()}` }, tableSink(ctx.clickhouse, 'metric_results'), (err) => (failed = err));
    while (hosted.stats.events < total && !failed) await new Promise((r) => setTimeout(r, 20));
    hosted.subscription.unsubscribe();
    if (failed) throw failed;
    const raw = Math.min(ctx.baseline('raw.consume').value, ctx.baseline('raw.insert').value);
    ctx.report.ratio('projector.throughput', total / seconds(start), 'events/s', { name: 'min(raw.consume, raw.insert)', value: raw }, 0.5);
    await jsm.consumers.delete(EVENTS_STREAM, hosted.durable).catch(() => undefined);
  },
};

const INGEST = { stream: 'VIGIL_BENCH_INGEST', prefix: 'vigil.bench-ingest.metrics', durable: 'bench-ingest' };
const INGEST_EVENTS = { stream: 'VIGIL_BENCH_INGEST_EVENTS', prefix: 'vigil.bench-ingest-events' };
const INGEST_DEAD = { stream: 'VIGIL_BENCH_INGEST_DEAD', prefix: 'vigil.bench-ingest-dead.metrics', maxAgeMs: 3600_000 };

/** A fresh event store and ingestor on the ingest parts' own streams. */
async function benchIngestor(ctx: BenchContext): Promise<{ store: JetStreamEventStore; ingestor: RecordIngestor }> {
  await recreate(ctx.nc, INGEST_EVENTS.stream, [`${INGEST_EVENTS.prefix}.>`]);
  const store = await JetStreamEventStore.open(ctx.nc, INGEST_EVENTS);
  return { store, ingestor: new RecordIngestor(new ProbeResultAppender(store), new DeadLetterPublisher(ctx.nc, INGEST_DEAD)) };
}

async function dropIngestStreams(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const s of [INGEST.stream, INGEST_EVENTS.stream, INGEST_DEAD.stream]) await jsm.streams.delete(s).catch(() => undefined);
}

/** ARGO Avro batches of 1,000 records, queued on the ingest stream first, then taken through NatsIngest into the event store. */
const ingestNats: BenchPart = {
  name: 'ingest.nats',
  async run(ctx) {
    await dropIngestStreams(ctx.nc);
    try {
      await ensureIngestStream(ctx.nc, INGEST);
      const { ingestor } = await benchIngestor(ctx);
      const h = headers();
      h.set('Content-Type', 'application/avro');
      const js = jetstream(ctx.nc);
      const payloads = Array.from({ length: 10 }, (_, b) => encodeBatch(Array.from({ length: PER_MESSAGE }, (_, j) => metricData(b * PER_MESSAGE + j))));
      let queued = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (queued < ctx.records / PER_MESSAGE) await js.publish(`${INGEST.prefix}.bench`, payloads[queued++ % payloads.length], { headers: h });
        }),
      );
      const start = process.hrtime.bigint();
      const ingest = await NatsIngest.start(ctx.nc, ingestor, INGEST, (err) => process.stderr.write(`bench: ingest error ${err}\n`));
      while (ingestor.stats.accepted < ctx.records) await new Promise((r) => setTimeout(r, 5));
      const rate = ctx.records / seconds(start);
      await ingest.stop();
      ctx.report.ratio('ingest.nats', rate, 'records/s', ctx.baseline('raw.publish'), 0.2);
    } finally {
      await dropIngestStreams(ctx.nc);
    }
  },
};

/** POST /api/v1/metric-results with 10,000 JSON records a request, 4 requests in flight, on the Nest app (random port). */
const ingestHttp: BenchPart = {
  name: 'ingest.http',
  async run(ctx) {
    await dropIngestStreams(ctx.nc);
    const tenant = 'bench';
    const key = await createKey(ctx.nc, 'operator', tenant, { label: 'bench', bucket: BENCH_KEYS });
    const { store } = await benchIngestor(ctx);
    const nc = ctx.nc;
    @Global()
    @Module({
      providers: [
        Readiness,
        { provide: CONFIG, useValue: loadConfig() },
        { provide: SCHEMAS, useValue: catalog() },
        { provide: NATS, useValue: nc },
        { provide: EVENT_STORE, useValue: store },
        { provide: CLICKHOUSE, useValue: ctx.clickhouse },
        { provide: INGEST_OPTIONS, useValue: { deadLetters: INGEST_DEAD } },
      ],
      exports: [Readiness, CONFIG, SCHEMAS, NATS, EVENT_STORE, CLICKHOUSE, INGEST_OPTIONS],
    })
    class BenchPlatformModule {}
    @Module({ imports: [BenchPlatformModule, AuthModule.withBucket(BENCH_KEYS), IngestModule] })
    class BenchApiModule {}
    const app = configureHttp(await NestFactory.create(BenchApiModule, { logger: ['error'] }));
    try {
      await app.listen(0, '127.0.0.1');
      const url = `${await app.getUrl()}/api/v1/metric-results`;
      const perRequest = 10_000;
      const bodies = Array.from({ length: 10 }, (_, b) => Buffer.from(JSON.stringify(Array.from({ length: perRequest }, (_, j) => metricData(b * perRequest + j)))));
      const requests = Math.ceil(ctx.records / perRequest);
      let sent = 0;
      let accepted = 0;
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (sent < requests) {
            const res = await fetch(url, { method: 'POST', headers: authHeaders(key, { 'content-type': 'application/json' }), body: bodies[sent++ % bodies.length] });
            if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
            accepted += ((await res.json()) as { accepted: number }).accepted;
          }
        }),
      );
      ctx.report.ratio('ingest.http', accepted / seconds(start), 'records/s', ctx.baseline('raw.publish'), 0.1);
    } finally {
      await app.close();
      await (await jetstreamManager(ctx.nc)).streams.delete(`KV_${BENCH_KEYS}`).catch(() => undefined);
      await dropIngestStreams(ctx.nc);
    }
  },
};

export const parts: BenchPart[] = [rawPublish, rawConsume, rawInsert, eventStoreAppend, projectorThroughput, ingestNats, ingestHttp];
