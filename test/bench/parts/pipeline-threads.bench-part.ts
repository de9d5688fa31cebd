import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@vigil/config';
import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology, type DemoTopology } from '@vigil/demo';
import { JetStreamEventStore } from '@vigil/event-store';
import { catalog } from '@vigil/events';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { DeadLetterPublisher, encodeMetricData, ensureIngestStream, IngestThread, NatsIngest, ProbeResultAppender, RecordIngestor, type MetricData } from '@vigil/ingest';
import { hostStatusProjector, STATUS_INPUT_TYPES, StatusSnapshotStore } from '@vigil/projections';
import { productMigrationsDirectory, runMigrations, sql } from '@vigil/read-models';
import type { BenchContext, BenchPart } from '../bench-parts';

// The pipeline.throughput part as `vigil start` runs it since ingest has a thread of its own:
// the same EGI-scale topology, history and latency probes, ingest on an IngestThread, the status
// projector (and the publisher) on the main thread. Own stream names: runs beside nothing else.
// BENCH_INGEST_INLINE=1 runs ingest on the main thread instead (as before): the same workload, for comparison.
const INLINE = process.env.BENCH_INGEST_INLINE === '1';
const PIPE_INGEST = { stream: 'VIGIL_BENCH_THREADS_INGEST', prefix: 'vigil.bench-threads-ingest.metrics', durable: 'bench-threads-ingest' };
const PIPE_EVENTS = { stream: 'VIGIL_BENCH_THREADS_EVENTS', prefix: 'vigil.bench-threads-events' };
const PIPE_DEAD = { stream: 'VIGIL_BENCH_THREADS_DEAD', prefix: 'vigil.bench-threads-dead.metrics', maxAgeMs: 3600_000 };
const PIPE_SNAPSHOTS = 'vigil_bench_threads_status_snapshots';
const TENANT = 'bench';
const LATENCY_NGI = 'NGI_BENCH_LATENCY';
const PER_MESSAGE = 1000;
const LATENCY_RATE = 20_000;
const LATENCY_SECONDS = 20;
const MESSAGE_EVERY_MS = (PER_MESSAGE * 1000) / LATENCY_RATE;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function dropStreams(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const s of [PIPE_INGEST.stream, PIPE_EVENTS.stream, PIPE_DEAD.stream, `KV_${PIPE_SNAPSHOTS}`]) await jsm.streams.delete(s).catch(() => undefined);
}

function topologyWithLatencyProbes(): DemoTopology {
  const t = generateTopology({ seed: 1, ngis: 40, sites: 350, endpoints: 8000 });
  const site = { ...t.sites[0], primaryKey: '999G0', shortName: 'BENCH-LATENCY', ngi: LATENCY_NGI };
  const probes = Array.from({ length: 20 }, (_, i) => ({ ...t.services[0], primaryKey: `${99_000 + i}G0`, hostname: `latency-${i}.bench.example.org`, serviceType: 'ARC-CE', site: site.shortName }));
  return { ngis: [...t.ngis, LATENCY_NGI], sites: [...t.sites, site], services: [...t.services, ...probes] };
}

/** Registry and profiles as the importers append them; returns the events the status projection takes. */
async function appendSetup(store: JetStreamEventStore, topology: DemoTopology): Promise<number> {
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: [] }, await loadTenantState(store, { list: async () => [] }, TENANT, []), Date.now());
  for (const kind of ['ngi', 'site', 'service']) {
    await Promise.all(plan.appends.filter((a) => a.kind === kind).map((a) => store.append(streamOf(TENANT, a.kind, a.key), a.events, 'no-stream')));
  }
  const profiles = [['metric-profile', 'MetricProfileSet', demoMetricProfile(30)], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const;
  for (const [id, type, profile] of profiles) await store.append({ tenant: TENANT, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'bench' } }], 'any');
  const inputs = new Set<string>(STATUS_INPUT_TYPES);
  return plan.appends.reduce((n, a) => n + a.events.filter((e) => inputs.has(e.type)).length, 0) + profiles.length;
}

const avroHeaders = () => {
  const h = headers();
  h.set('Content-Type', 'application/avro');
  return h;
};

async function publishAll(nc: NatsConnection, payloads: Buffer[], window = 64): Promise<void> {
  const js = jetstream(nc);
  const h = avroHeaders();
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) await js.publish(`${PIPE_INGEST.prefix}.${TENANT}`, payloads[next++], { headers: h, timeout: 60_000 });
  };
  await Promise.all(Array.from({ length: window }, worker));
}

export const part: BenchPart = {
  name: 'pipeline.threads',
  async run(ctx) {
    const nc = ctx.nc;
    await dropStreams(nc);
    const config = loadConfig();
    await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: ctx.clickhouse.database! }, directory: productMigrationsDirectory, nats: nc });
    let ingest: { stats: { accepted: number }; stop(): Promise<void> } | undefined;
    let hosted: Awaited<ReturnType<typeof hostStatusProjector>> | undefined;
    let trace: NodeJS.Timeout | undefined;
    try {
      await (await jetstreamManager(nc)).streams.add({ name: PIPE_EVENTS.stream, subjects: [`${PIPE_EVENTS.prefix}.>`] });
      await ensureIngestStream(nc, PIPE_INGEST);
      const store = await JetStreamEventStore.open(nc, PIPE_EVENTS);
      const topology = topologyWithLatencyProbes();
      const setupEvents = await appendSetup(store, topology);
      let failed: unknown;
      const snapshots = await StatusSnapshotStore.open(nc, { bucket: PIPE_SNAPSHOTS, name: 'bench-threads-status' });
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
      const records = generateHistory(topology, { seed: 1, start: end - 2 * 3600_000, end, metricsPerType: 30 }).results();
      const messages = Math.ceil(ctx.records / PER_MESSAGE);
      let payloads: Buffer[] | null = Array.from({ length: messages }, () => encodeMetricData(Array.from({ length: PER_MESSAGE }, () => records.next().value as MetricData)));
      ingest = await startIngest(nc, store, config.natsUrl);
      const start = process.hrtime.bigint();
      if (process.env.BENCH_TRACE) trace = setInterval(() => process.stderr.write(`bench: ${seconds(start).toFixed(1)} s accepted ${ingest!.stats.accepted} projected ${hosted!.stats.events - setupEvents}\n`), 1000);
      await publishAll(nc, payloads);
      payloads = null;
      const total = messages * PER_MESSAGE;
      await projected(setupEvents + total, 600_000);
      const name = INLINE ? 'pipeline.inline' : 'pipeline.threads';
      ctx.report.ratio(`${name}.throughput`, total / seconds(start), 'records/s', ctx.baseline('raw.publish'), 0.1);

      const latencies = await measureLatency(ctx, records, () => failed);
      await projected(setupEvents + total + latencies.sent, 60_000);
      const sorted = latencies.ms.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      ctx.report.absolute(`${name}.latency.p50`, at(0.5), 'ms', 'lower');
      ctx.report.absolute(`${name}.latency.p99`, at(0.99), 'ms', 'lower', 500);
      ctx.report.note(`${name}: pipeline.throughput's workload with ingest ${INLINE ? 'on the main thread beside the status projector' : 'on its own thread (IngestThread, as vigil start runs it)'}; latency at ${LATENCY_RATE}/s asked, ${Math.round(latencies.sent / latencies.seconds)}/s achieved`);
    } catch (err) {
      ctx.report.note(`pipeline.threads FAILED: ${err instanceof Error ? err.message : err}`);
      process.stderr.write(`bench: pipeline.threads failed: ${err instanceof Error ? err.stack : err}\n`);
    } finally {
      clearInterval(trace);
      await ingest?.stop().catch(() => undefined);
      hosted?.subscription.unsubscribe();
      await dropStreams(nc);
    }
  },
};

async function startIngest(nc: NatsConnection, store: JetStreamEventStore, natsUrl: string): Promise<{ stats: { accepted: number }; stop(): Promise<void> }> {
  const warn = (err: unknown) => process.stderr.write(`bench: ingest ${err instanceof Error ? err.message : err}\n`);
  if (!INLINE) return IngestThread.start({ natsUrl, store: { kind: 'jetstream', ...PIPE_EVENTS }, ingest: PIPE_INGEST, deadLetters: PIPE_DEAD }, warn);
  const ingestor = new RecordIngestor(new ProbeResultAppender(store), new DeadLetterPublisher(nc, PIPE_DEAD));
  const running = await NatsIngest.start(nc, ingestor, PIPE_INGEST, warn);
  return { stats: ingestor.stats, stop: () => running.stop() };
}

/** One message every 50 ms (20k results/s), each with a latency probe: publish → its status row in ClickHouse. */
async function measureLatency(ctx: BenchContext, records: Iterator<MetricData>, failed: () => unknown): Promise<{ ms: number[]; sent: number; seconds: number }> {
  const js = jetstream(ctx.nc);
  const h = avroHeaders();
  const messages = LATENCY_SECONDS * (1000 / MESSAGE_EVERY_MS);
  const metrics = demoMetricProfile(30).services.find((s) => s.service === 'ARC-CE')!.metrics;
  const probes = Array.from({ length: messages }, (_, i) => ({ hostname: `latency-${i % 20}.bench.example.org`, metric: metrics[Math.floor(i / 20)] }));
  const payloads = probes.map((probe) => {
    const batch = Array.from({ length: PER_MESSAGE - 1 }, () => records.next().value as MetricData);
    return encodeMetricData([...batch, { ...batch[0], service: 'ARC-CE', ...probe, status: 'OK' }]);
  });
  const published = new Map<string, number>();
  const seen = new Map<string, number>();
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const rows = await ctx.clickhouse.query<{ hostname: string; metric: string }>(sql`SELECT hostname, metric FROM status_current WHERE tenant = ${TENANT} AND level = 'metric' AND supergroup = ${LATENCY_NGI} AND status = 'OK'`);
      const now = Date.now();
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
    sends.push(js.publish(`${PIPE_INGEST.prefix}.${TENANT}`, payloads[i], { headers: h, timeout: 60_000 }));
  }
  await Promise.all(sends);
  const took = (Date.now() - start) / 1000;
  const deadline = Date.now() + 30_000;
  while (seen.size < published.size && Date.now() < deadline && !failed()) await new Promise((r) => setTimeout(r, 50));
  polling = false;
  await poll;
  if (failed()) throw failed();
  if (seen.size < published.size) throw new Error(`only ${seen.size} of ${published.size} latency probes reached ClickHouse within 30 s of the last publish`);
  return { ms: [...published].map(([key, at]) => seen.get(key)! - at), sent: messages * PER_MESSAGE, seconds: took };
}
