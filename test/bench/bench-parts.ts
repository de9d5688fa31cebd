
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore, SCHEMA_HEADER } from '@vigil/event-store';
import { hostProjector, metricResultRow, metricResultsProjection } from '@vigil/projections';
import { productMigrationsDirectory, runMigrations, tableSink, type ClickHouse } from '@vigil/read-models';
import { loadConfig } from '@vigil/config';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { headers } from '@nats-io/transport-node';
import { DeadLetterPublisher, ensureIngestStream, NatsIngest, ProbeResultAppender, RecordIngestor } from '@vigil/ingest';
import { AuthModule } from '../../apps/api/src/auth/auth.module';
import { configureHttp } from '../../apps/api/src/http-app';
import { INGEST_OPTIONS, IngestModule } from '../../apps/api/src/ingest/ingest.module';
import { authHeaders, createKey } from '../support/api-keys';
import { testPlatformModule } from '../support/test-platform';
import type { BenchReport } from './bench-report';
import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology, type DemoTopology } from '@vigil/demo';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { encodeMetricData, type MetricData } from '@vigil/ingest';
import { hostStatusProjector, STATUS_INPUT_TYPES, StatusSnapshotStore } from '@vigil/projections';
import { sql } from '@vigil/read-models';
import { batchDecoder, encodeBatch, metricData, probeEventData } from './probe-records';
import { benchArBatch, benchArContinuous } from './ar-month.bench';

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
    const BenchPlatformModule = testPlatformModule({ nats: nc, store, clickhouse: ctx.clickhouse, providers: [{ provide: INGEST_OPTIONS, useValue: { deadLetters: INGEST_DEAD } }] });
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

const PIPE_INGEST = { stream: 'VIGIL_BENCH_PIPE_INGEST', prefix: 'vigil.bench-pipe-ingest.metrics', durable: 'bench-pipe-ingest' };
const PIPE_EVENTS = { stream: 'VIGIL_BENCH_PIPE_EVENTS', prefix: 'vigil.bench-pipe-events' };
const PIPE_DEAD = { stream: 'VIGIL_BENCH_PIPE_DEAD', prefix: 'vigil.bench-pipe-dead.metrics', maxAgeMs: 3600_000 };
const PIPE_SNAPSHOTS = 'vigil_bench_status_snapshots';
const PIPE_TENANT = 'bench';
const LATENCY_NGI = 'NGI_BENCH_LATENCY';
const LATENCY_RATE = 20_000;
const LATENCY_SECONDS = 20;
const MESSAGE_EVERY_MS = (PER_MESSAGE * 1000) / LATENCY_RATE;

async function dropPipelineStreams(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const s of [PIPE_INGEST.stream, PIPE_EVENTS.stream, PIPE_DEAD.stream, `KV_${PIPE_SNAPSHOTS}`]) await jsm.streams.delete(s).catch(() => undefined);
}

/**
 * EGI scale (40 NGIs, 350 sites, 8,000 endpoints, 30 metrics per service type) plus one NGI whose
 * site holds the latency probes' endpoints: their first results are status changes nobody else causes.
 */
function pipelineTopology(): DemoTopology {
  const t = generateTopology({ seed: 1, ngis: 40, sites: 350, endpoints: 8000 });
  const site = { ...t.sites[0], primaryKey: '999G0', shortName: 'BENCH-LATENCY', ngi: LATENCY_NGI };
  const probes = Array.from({ length: 20 }, (_, i) => ({ ...t.services[0], primaryKey: `${99_000 + i}G0`, hostname: `latency-${i}.bench.example.org`, serviceType: 'ARC-CE', site: site.shortName }));
  return { ngis: [...t.ngis, LATENCY_NGI], sites: [...t.sites, site], services: [...t.services, ...probes] };
}

/** Registry and profiles as the importers append them; returns the number of events the status projection takes. */
async function appendPipelineSetup(store: JetStreamEventStore, topology: DemoTopology): Promise<number> {
  const lister = { list: async () => [] };
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: [] }, await loadTenantState(store, lister, PIPE_TENANT, []), Date.now());
  if (plan.skipped.length > 0) throw new Error(`bench topology refused: ${JSON.stringify(plan.skipped[0])}`);
  for (const kind of ['ngi', 'site', 'service']) {
    const appends = plan.appends.filter((a) => a.kind === kind);
    await Promise.all(appends.map((a) => store.append(streamOf(PIPE_TENANT, a.kind, a.key), a.events, 'no-stream')));
  }
  const profiles = [['metric-profile', 'MetricProfileSet', demoMetricProfile(30)], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const;
  for (const [id, type, profile] of profiles) await store.append({ tenant: PIPE_TENANT, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'bench' } }], 'any');
  const inputs = new Set<string>(STATUS_INPUT_TYPES);
  return plan.appends.reduce((n, a) => n + a.events.filter((e) => inputs.has(e.type)).length, 0) + profiles.length;
}

/** Avro ingest messages of PER_MESSAGE records each. */
function encodeMessages(records: Iterator<MetricData>, messages: number): Buffer[] {
  return Array.from({ length: messages }, () => encodeMetricData(Array.from({ length: PER_MESSAGE }, () => records.next().value as MetricData)));
}

/**
 * Probe results published on the ingest stream, taken by NatsIngest into the event store, through
 * the status projector into ClickHouse (status_history, status_current), on an EGI-scale topology:
 * sustained throughput first, then a steady 20k results/s whose latency probes measure publish →
 * status readable in ClickHouse, and the RSS of this process (ingest + status projector).
 */
const pipeline: BenchPart = {
  name: 'pipeline.throughput',
  async run(ctx) {
    const nc = ctx.nc;
    await dropPipelineStreams(nc);
    const config = loadConfig();
    await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: ctx.clickhouse.database! }, directory: productMigrationsDirectory, nats: nc });
    let ingest: NatsIngest | undefined;
    let hosted: Awaited<ReturnType<typeof hostStatusProjector>> | undefined;
    let rssPeak = 0;
    let traceTimer: NodeJS.Timeout | undefined;
    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
    try {
      await recreate(nc, PIPE_EVENTS.stream, [`${PIPE_EVENTS.prefix}.>`]);
      await ensureIngestStream(nc, PIPE_INGEST);
      const store = await JetStreamEventStore.open(nc, PIPE_EVENTS);
      const topology = pipelineTopology();
      const setupEvents = await appendPipelineSetup(store, topology);
      let failed: unknown;
      const snapshots = await StatusSnapshotStore.open(nc, { bucket: PIPE_SNAPSHOTS, name: 'bench-status' });
      hosted = await hostStatusProjector(nc, { store, clickhouse: ctx.clickhouse, schemas: catalog(), snapshots, stream: PIPE_EVENTS.stream, prefix: PIPE_EVENTS.prefix, onError: (err) => (failed = err) });
      const projected = async (events: number, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        while (hosted!.stats.events < events && !failed) {
          if (Date.now() > deadline) throw new Error(`status projector at ${hosted!.stats.events} of ${events} events after ${timeoutMs / 1000} s`);
          await new Promise((r) => setTimeout(r, 10));
        }
        if (failed) throw failed;
      };
      await projected(setupEvents, 120_000);

      const end = Date.now();
      const history = generateHistory(topology, { seed: 1, start: end - 2 * 3600_000, end, metricsPerType: 30 });
      const records = history.results();
      const throughputMessages = Math.ceil(ctx.records / PER_MESSAGE);
      let payloads: Buffer[] | null = encodeMessages(records, throughputMessages);
      const ingestor = new RecordIngestor(new ProbeResultAppender(store), new DeadLetterPublisher(nc, PIPE_DEAD));
      ingest = await NatsIngest.start(nc, ingestor, PIPE_INGEST, (err) => process.stderr.write(`bench: ingest error ${err}\n`));
      const start = process.hrtime.bigint();
      // BENCH_TRACE=1: where the pipeline stands each second (accepted by ingest, events projected, RSS).
      if (process.env.BENCH_TRACE) traceTimer = setInterval(() => process.stderr.write(`bench: ${seconds(start).toFixed(1)} s accepted ${ingestor.stats.accepted} projected ${hosted!.stats.events - setupEvents} rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB\n`), 1000);
      await publishAvro(nc, `${PIPE_INGEST.prefix}.${PIPE_TENANT}`, payloads);
      payloads = null;
      const total = throughputMessages * PER_MESSAGE;
      await projected(setupEvents + total, 300_000);
      ctx.report.ratio('pipeline.throughput', total / seconds(start), 'records/s', ctx.baseline('raw.publish'), 0.1);

      const latencies = await measureLatency(ctx, records, () => failed);
      await projected(setupEvents + total + latencies.sent, 60_000);
      const sorted = latencies.ms.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      ctx.report.absolute('pipeline.latency.p50', at(0.5), 'ms', 'lower');
      ctx.report.absolute('pipeline.latency.p99', at(0.99), 'ms', 'lower', 500);
      ctx.report.absolute('projector.rss', rssPeak / 2 ** 20, 'MB', 'lower');
      ctx.report.note(`pipeline: ${topology.sites.length} sites, ${topology.services.length} endpoints, 30 metrics per service type; latency from ${sorted.length} probes at ${LATENCY_RATE} results/s for ${LATENCY_SECONDS} s (achieved ${Math.round(latencies.sent / latencies.seconds)}/s), ClickHouse polled every 20 ms; projector.rss = peak RSS of the bench process running ingest + status projector during the pipeline part`);
    } catch (err) {
      // Reported, not thrown: the other figures of the run still print.
      ctx.report.note(`pipeline.throughput FAILED: ${err instanceof Error ? err.message : err}`);
      process.stderr.write(`bench: pipeline failed: ${err instanceof Error ? err.stack : err}\n`);
    } finally {
      clearInterval(rssTimer);
      clearInterval(traceTimer);
      await ingest?.stop().catch(() => undefined);
      hosted?.subscription.unsubscribe();
      await dropPipelineStreams(nc);
    }
  },
};

/** Avro ingest messages with a bounded window of outstanding acks. */
async function publishAvro(nc: NatsConnection, subject: string, payloads: Buffer[], window = 64): Promise<void> {
  const js = jetstream(nc);
  const h = headers();
  h.set('Content-Type', 'application/avro');
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) await js.publish(subject, payloads[next++], { headers: h });
  };
  await Promise.all(Array.from({ length: window }, worker));
}

/**
 * Publishes one message every 50 ms (20k results/s), each carrying one latency probe: the first
 * result of a latency endpoint's metric, whose status row appears in status_current once written.
 */
async function measureLatency(ctx: BenchContext, records: Iterator<MetricData>, failed: () => unknown): Promise<{ ms: number[]; sent: number; seconds: number }> {
  const js = jetstream(ctx.nc);
  const h = headers();
  h.set('Content-Type', 'application/avro');
  const messages = LATENCY_SECONDS * (1000 / MESSAGE_EVERY_MS);
  const probes = Array.from({ length: messages }, (_, i) => ({ hostname: `latency-${i % 20}.bench.example.org`, metric: demoMetricProfile(30).services.find((s) => s.service === 'ARC-CE')!.metrics[Math.floor(i / 20)] }));
  const payloads = Array.from({ length: messages }, (_, i) => {
    const batch = Array.from({ length: PER_MESSAGE - 1 }, () => records.next().value as MetricData);
    const probe: MetricData = { ...batch[0], service: 'ARC-CE', ...probes[i], status: 'OK' };
    return encodeMetricData([...batch, probe]);
  });
  const published = new Map<string, number>();
  const seen = new Map<string, number>();
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const rows = await ctx.clickhouse.query<{ hostname: string; metric: string }>(sql`SELECT hostname, metric FROM status_current WHERE tenant = ${PIPE_TENANT} AND level = 'metric' AND supergroup = ${LATENCY_NGI} AND status = 'OK'`);
      const now = Date.now();
      // Only the probe's own OK, after it was published: an earlier row (e.g. MISSING from ticks) is not its status.
      for (const r of rows) {
        const key = `${r.hostname} ${r.metric}`;
        if (published.has(key) && !seen.has(key)) seen.set(key, now);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const start = Date.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < messages; i++) {
    const due = start + i * MESSAGE_EVERY_MS;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    published.set(`${probes[i].hostname} ${probes[i].metric}`, Date.now());
    sends.push(js.publish(`${PIPE_INGEST.prefix}.${PIPE_TENANT}`, payloads[i], { headers: h }));
  }
  await Promise.all(sends);
  const seconds = (Date.now() - start) / 1000;
  const deadline = Date.now() + 30_000;
  while (seen.size < published.size && Date.now() < deadline && !failed()) await new Promise((r) => setTimeout(r, 50));
  polling = false;
  await poll;
  if (failed()) throw failed();
  if (seen.size < published.size) throw new Error(`only ${seen.size} of ${published.size} latency probes reached ClickHouse within 30 s of the last publish`);
  return { ms: [...published].map(([key, at]) => seen.get(key)! - at), sent: messages * PER_MESSAGE, seconds };
}

/** A month of A/R for the EGI topology: the batch runner on every core (figures ar.batch.month and ar.batch.rate). */
const arBatchMonth: BenchPart = { name: 'ar.batch.month', run: (ctx) => benchArBatch(ctx.report) };

/** The same month's status changes through the continuous A/R accumulator. */
const arContinuous: BenchPart = { name: 'ar.continuous', run: (ctx) => benchArContinuous(ctx.report) };

export const parts: BenchPart[] = [rawPublish, rawConsume, rawInsert, eventStoreAppend, projectorThroughput, ingestNats, ingestHttp, pipeline, arBatchMonth, arContinuous];
