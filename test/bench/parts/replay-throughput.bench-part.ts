import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { getHeapSpaceStatistics } from 'node:v8';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@vigil/config';
import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology, type DemoTopology } from '@vigil/demo';
import { JetStreamEventStore } from '@vigil/event-store';
import { catalog, type NewEvent } from '@vigil/events';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { ProbeResultAppender, shardOf, toProbeResult, type MetricData } from '@vigil/ingest';
import { replayProjectionsThreaded, replayTargets, ReplayProgressStore } from '@vigil/projections';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql } from '@vigil/read-models';
import type { BenchPart } from '../bench-parts';

const STREAM = 'VIGIL_BENCH_REPLAY';
const PREFIX = 'vigil.bench-replay';
const DATABASE = 'vigil_bench_replay';
const PROGRESS_BUCKET = 'vigil_bench_replays';
const TENANT = 'bench';
const MIN_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 2_000_000);
const MINUTE = 60_000;
/** History appended in windows of this length (ingest batches arrive about this often). */
const WINDOW = 5 * MINUTE;
/** Records per ingest message, as ARGO sends them. */
const PER_MESSAGE = 1000;

/**
 * `replay.throughput`: a full rebuild of every replayable read model (all of `replayTargets`) with the
 * runner `vigil replay --projection all` uses (two threads, each with one read of the log feeding its projections),
 * from a log of ≥ 2M events of the demo's EGI-scale mix: registry and profiles, probe results in the
 * ingest appender's sharded commits, the status changes a live status projector appends, and a clock
 * tick per minute. Events/s = log events / wall time; the note adds the CPU seconds this process (both threads) spent.
 */
export const part: BenchPart = {
  name: 'replay.throughput',
  async run(ctx) {
    const { nc } = ctx;
    const config = loadConfig();
    const admin = createClickHouse({ url: config.clickhouseUrl });
    const clickhouse = createClickHouse({ url: config.clickhouseUrl, database: DATABASE });
    try {
      await cleanup(nc, admin);
      await (await jetstreamManager(nc)).streams.add({ name: STREAM, subjects: [`${PREFIX}.>`] });
      await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: DATABASE }, directory: productMigrationsDirectory, nats: nc });
      const built = Date.now();
      const events = await buildLog(nc);
      process.stderr.write(`bench: replay log of ${events.toLocaleString('en')} events built in ${Math.round((Date.now() - built) / 1000)} s\n`);
      const progress = await ReplayProgressStore.open(nc, PROGRESS_BUCKET);
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      // As `vigil replay --projection all` runs them: on two threads, each read of the log feeding its projections.
      const reports = await replayProjectionsThreaded(replayTargets, { nc, natsUrl: config.natsUrl, clickhouseUrl: config.clickhouseUrl, schemas: catalog(), clickhouse, stream: STREAM, prefix: PREFIX, progress, progressBucket: PROGRESS_BUCKET });
      for (const r of reports) if (r.phase !== 'swapped') throw new Error(`replay of ${r.projection} ended ${r.phase}`);
      const times = reports.map((r) => `${r.projection} ${(r.elapsedMs / 1000).toFixed(1)} s`);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const rate = events / seconds;
      const used = process.cpuUsage(cpu);
      // The wall time moves with the machine's load: the CPU this process spent and the load say how busy it was.
      const busy = `${((used.user + used.system) / 1e6).toFixed(1)} CPU s in this process over ${seconds.toFixed(1)} s, load ${loadavg()[0].toFixed(1)}, ${youngGeneration()}`;
      ctx.report.ratio('replay.throughput', rate, 'events/s', ctx.baseline('raw.consume'), 0.1);
      const ingest = ctx.report.get('ingest.nats');
      const live = ingest ? `live ingest (ingest.nats) ${Math.round(ingest.value).toLocaleString('en')} ${ingest.unit} in this run` : 'live ingest not measured in this run (ingest.nats: run without --only)';
      ctx.report.note(`replay.throughput: ${events.toLocaleString('en')} events rebuilt into ${replayTargets.map((t) => t.tables.join('+')).join(', ')} (${times.join(', ')}; ${busy}); beside it: ${live}`);
    } finally {
      await cleanup(nc, admin).catch(() => undefined);
      await clickhouse.close();
      await admin.close();
    }
  },
};

/** The young generation's size moves the GC share of the CPU (package.json runs the bench with 64 MB semi-spaces, as bin/vigil.js runs replay). */
function youngGeneration(): string {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return young ? `young generation ${Math.round(young.space_size / 2 ** 20)} MB` : 'young generation unknown';
}

async function cleanup(nc: NatsConnection, admin: ReturnType<typeof createClickHouse>): Promise<void> {
  await (await jetstreamManager(nc)).streams.delete(STREAM).catch(() => undefined);
  await new Kvm(nc).open(PROGRESS_BUCKET).then((kv) => kv.destroy()).catch(() => undefined);
  await admin.command(sql`DROP DATABASE IF EXISTS ${ident(DATABASE)}`);
}

/** Appends the mix; returns the number of events in the log. */
async function buildLog(nc: NatsConnection): Promise<number> {
  const store = await JetStreamEventStore.open(nc, { stream: STREAM, prefix: PREFIX });
  const topology = generateTopology({ seed: 1, ngis: 40, sites: 350, endpoints: 8000 });
  let events = await appendRegistry(store, topology);
  // Enough hours of the demo's history for the wanted total (a day is ~2.7M results at this size).
  const end = Date.UTC(2026, 10, 1);
  const perHour = generateHistory(topology, { seed: 1, start: end - 3_600_000, end }).total;
  const hours = Math.ceil(MIN_EVENTS / perHour);
  const history = generateHistory(topology, { seed: 1, start: end - hours * 3_600_000, end });
  const appender = new ProbeResultAppender(store);
  const changes = new StatusChanges(topology);
  let window: MetricData[] = [];
  let windowEnd = end - hours * 3_600_000 + WINDOW;
  // A window's results in 1,000-record ingest messages (sharded commits), its status changes, then a tick per minute.
  const flush = async () => {
    const commits: Promise<unknown>[] = [];
    for (let i = 0; i < window.length; i += PER_MESSAGE) commits.push(appender.append(TENANT, window.slice(i, i + PER_MESSAGE).map((r) => toProbeResult(r, Date.parse(r.timestamp)))));
    for (const [id, list] of changes.take()) commits.push(store.append({ tenant: TENANT, category: 'status', id }, list, 'any'));
    await Promise.all(commits);
    for (let at = windowEnd - WINDOW + MINUTE; at <= windowEnd; at += MINUTE) await store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');
    events += window.length + changes.taken + WINDOW / MINUTE;
    window = [];
    windowEnd += WINDOW;
  };
  for (const r of history.results()) {
    while (Date.parse(r.timestamp) >= windowEnd) await flush();
    window.push(r);
    changes.see(r);
  }
  await flush();
  return events;
}

/** NGIs, sites, services and downtimes as the GOCDB importer appends them; the demo's ARGO profiles. */
async function appendRegistry(store: JetStreamEventStore, topology: DemoTopology): Promise<number> {
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: [] }, await loadTenantState(store, { list: async () => [] }, TENANT, []), Date.UTC(2026, 9, 1));
  for (const kind of ['ngi', 'site', 'service'] as const) {
    const appends = plan.appends.filter((a) => a.kind === kind);
    for (let i = 0; i < appends.length; i += 64) await Promise.all(appends.slice(i, i + 64).map((a) => store.append(streamOf(TENANT, a.kind, a.key), a.events, 'no-stream')));
  }
  const profiles = [['metric-profile', 'MetricProfileSet', demoMetricProfile()], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const;
  for (const [id, type, profile] of profiles) await store.append({ tenant: TENANT, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'bench' } }], 'any');
  return plan.appends.reduce((n, a) => n + a.events.length, 0) + profiles.length;
}

/** Metric-level StatusChanged events, in commits per status shard as the live status projector appends them. */
class StatusChanges {
  private readonly last = new Map<string, string>();
  private readonly where = new Map<string, { ngi: string; site: string }>();
  private pending = new Map<string, NewEvent[]>();
  taken = 0;

  constructor(topology: DemoTopology) {
    const ngiOf = new Map(topology.sites.map((s) => [s.shortName, s.ngi]));
    for (const s of topology.services) this.where.set(s.hostname, { ngi: ngiOf.get(s.site) ?? '', site: s.site });
  }

  see(r: MetricData): void {
    const key = `${r.hostname} ${r.service} ${r.metric}`;
    const previous = this.last.get(key) ?? 'MISSING';
    if (previous === r.status) return;
    this.last.set(key, r.status);
    const at = this.where.get(r.hostname) ?? { ngi: '', site: '' };
    const id = `shard-${shardOf(at.site, 16)}`;
    const data = { level: 'metric', supergroup: at.ngi, endpointGroup: at.site, function: '', service: r.service, hostname: r.hostname, metric: r.metric, status: r.status, previousStatus: previous, since: Date.parse(r.timestamp), triggerEventId: null };
    let list = this.pending.get(id);
    if (!list) this.pending.set(id, (list = []));
    list.push({ type: 'StatusChanged', data, eventId: randomUUID(), occurredAt: data.since });
  }

  /** The pending commits, emptied. */
  take(): Map<string, NewEvent[]> {
    const out = this.pending;
    this.pending = new Map();
    this.taken = [...out.values()].reduce((n, l) => n + l.length, 0);
    return out;
  }
}
