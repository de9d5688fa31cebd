import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { demoAggregationProfile, demoMetricProfile, generateHistory, generateTopology } from '@vigil/demo';
import { catalog, type NewEvent } from '@vigil/events';
import { loadTenantState, planImport, streamOf } from '@vigil/gocdb';
import { ProbeResultAppender, toProbeResult, type MetricData } from '@vigil/ingest';
import { sql, type ClickHouse } from '@vigil/read-models';
import { createTestDatabase, randomRun, readModelRows, useEventStoreBed, type TestDatabase } from '@vigil/testing';
import { lastSequence } from './log-reader';
import { ReplayProgressStore } from './replay-progress.store';
import { replayProjection, replayProjections, type ReplayOptions, type ReplayReport } from './replay-runner';
import { replayTargets } from './replay-targets';

// `vigil replay --projection all` reads the log once for every projection: each must still end with the
// rows of its own replay, keep its own checkpoint, resume on its own and report its own progress.
const bed = useEventStoreBed('replay-shared');
const run = randomRun();
const progressBucket = `vigil_replays_shared_test_${run}`;
const TENANT = `t${run}`;
const NAMES = replayTargets.map((t) => t.name);
const TABLES = replayTargets.flatMap((t) => t.tables);
const databases: TestDatabase[] = [];
let progress: ReplayProgressStore;
let reference: Record<string, string[]>;
let head: number;

async function database(name: string): Promise<ClickHouse> {
  const db = await createTestDatabase(bed.nc, { prefix: `vigil_replay_shared_${name}` });
  databases.push(db);
  return db.clickhouse;
}

const options = (clickhouse: ClickHouse, extra: Partial<ReplayOptions> = {}): ReplayOptions =>
  ({ nc: bed.nc, schemas: catalog(), clickhouse, stream: bed.stream, prefix: bed.prefix, progress, maxEvents: 300, ...extra });

const tables = (ch: ClickHouse) => readModelRows(ch, TABLES);

const MINUTE = 60_000;
const WINDOW = 10 * MINUTE;

/** A small EGI-like log: registry and profiles, probe results in sharded commits, metric StatusChanged events, a tick per minute. */
async function appendLog(hours: number): Promise<void> {
  const end = Date.UTC(2026, 10, 1);
  const start = end - hours * 3_600_000;
  const topology = generateTopology({ seed: 3, ngis: 2, sites: 6, endpoints: 40 });
  const history = generateHistory(topology, { seed: 3, start, end });
  const plan = planImport({ ...topology, serviceGroups: [], downtimes: history.downtimes }, await loadTenantState(bed.store, { list: async () => [] }, TENANT, []), start);
  for (const kind of ['ngi', 'site', 'service', 'downtime'] as const) {
    await Promise.all(plan.appends.filter((a) => a.kind === kind).map((a) => bed.store.append(streamOf(TENANT, a.kind, a.key), a.events, 'no-stream')));
  }
  for (const [id, type, profile] of [['metric-profile', 'MetricProfileSet', demoMetricProfile()], ['aggregation', 'AggregationProfileSet', demoAggregationProfile()]] as const) {
    await bed.store.append({ tenant: TENANT, category: 'profile', id }, [{ type, data: { name: profile.name, profile: JSON.stringify(profile), source: 'test' }, occurredAt: start }], 'any');
  }
  const siteOf = new Map(topology.services.map((s) => [s.hostname, s.site]));
  const ngiOf = new Map(topology.sites.map((s) => [s.shortName, s.ngi]));
  const last = new Map<string, string>();
  const appender = new ProbeResultAppender(bed.store);
  let window: MetricData[] = [];
  let changes: NewEvent[] = [];
  let windowEnd = start + WINDOW;
  const flush = async () => {
    await appender.append(TENANT, window.map((r) => toProbeResult(r, Date.parse(r.timestamp))));
    if (changes.length > 0) await bed.store.append({ tenant: TENANT, category: 'status', id: 'shard-0' }, changes, 'any');
    for (let at = windowEnd - WINDOW + MINUTE; at <= windowEnd; at += MINUTE) await bed.store.append({ tenant: '_system', category: 'clock', id: 'minutes' }, [{ type: 'ClockTicked', data: { at }, occurredAt: at }], 'any');
    [window, changes] = [[], []];
    windowEnd += WINDOW;
  };
  for (const r of history.results()) {
    while (Date.parse(r.timestamp) >= windowEnd) await flush();
    window.push(r);
    const key = `${r.hostname} ${r.service} ${r.metric}`;
    const previous = last.get(key) ?? 'MISSING';
    if (previous === r.status) continue;
    last.set(key, r.status);
    const site = siteOf.get(r.hostname) ?? '';
    const since = Date.parse(r.timestamp);
    const data = { level: 'metric', supergroup: ngiOf.get(site) ?? '', endpointGroup: site, function: '', service: r.service, hostname: r.hostname, metric: r.metric, status: r.status, previousStatus: previous, since, triggerEventId: null };
    changes.push({ type: 'StatusChanged', data, eventId: randomUUID(), occurredAt: since });
  }
  while (windowEnd <= end) await flush();
}

beforeAll(async () => {
  progress = await ReplayProgressStore.open(bed.nc, progressBucket);
  await appendLog(8);
  head = await lastSequence(bed.nc, bed.stream);
  // The reference: each projection replayed on its own, one after the other.
  const own = await database('own');
  for (const target of replayTargets) expect((await replayProjection(target, options(own))).phase).toBe('swapped');
  reference = await tables(own);
}, 300_000);

afterAll(async () => {
  await new Kvm(bed.nc).open(progressBucket).then((kv) => kv.destroy()).catch(() => undefined);
  for (const db of databases) await db.drop();
});

describe('vigil replay of several projections from one read of the log', { timeout: 300_000 }, () => {
  it('builds for every projection the rows of its own replay, and reports each one’s progress', async () => {
    expect(reference.metric_results.length).toBeGreaterThan(1_000);
    expect(reference.status_history.length).toBeGreaterThan(100);
    const shared = await database('shared');
    const seen = new Set<string>();
    // Other batch boundaries than the reference's: rows must not depend on them.
    const reports = await replayProjections(replayTargets, options(shared, { maxEvents: 700, onProgress: (r) => void seen.add(r.projection) }));
    expect(reports.map((r) => [r.projection, r.phase, r.sequence])).toEqual(NAMES.map((n) => [n, 'swapped', head]));
    expect([...seen].sort()).toEqual([...NAMES].sort());
    expect(await tables(shared)).toEqual(reference);
    for (const name of NAMES) expect(await progress.load(shared.database!, name)).toBeUndefined();
  });

  it('stopped halfway, each projection resumes from its own checkpoint and a projection left out is rebuilt afresh', async () => {
    const db = await database('resumed');
    const [status, metricResults] = ['status', 'metric-results'].map((n) => replayTargets.find((t) => t.name === n)!);
    // Two earlier interrupted runs leave two checkpoints at different sequences.
    const stopWhen = (done: (r: ReplayReport) => boolean) => {
      const controller = new AbortController();
      return { signal: controller.signal, onProgress: (r: ReplayReport) => void (done(r) && controller.abort()) };
    };
    const [first] = await replayProjections([status], options(db, { maxEvents: 50, ...stopWhen(() => true) }));
    const second = await replayProjections([metricResults, status], options(db, { maxEvents: 50, ...stopWhen((r) => r.projection === 'status') }));
    expect([first.phase, ...second.map((r) => r.phase)]).toEqual(['aborted', 'aborted', 'aborted']);
    const saved = await Promise.all(['status', 'metric-results'].map((n) => progress.load(db.database!, n)));
    expect(saved.map((p) => p!.sequence)).toEqual([second[1].sequence, second[0].sequence]);
    expect(second[1].sequence).toBeGreaterThan(first.sequence);
    expect(second[1]).toMatchObject({ resumed: true });
    // Nothing swapped in yet: the live tables are as the migrations left them.
    expect(Object.values(await tables(db)).flat()).toEqual([]);

    const reports = await replayProjections(replayTargets, options(db));
    expect(reports.map((r) => [r.projection, r.phase, r.resumed])).toEqual(NAMES.map((n) => [n, 'swapped', n === 'status' || n === 'metric-results']));
    expect(await tables(db)).toEqual(reference);
    for (const name of NAMES) expect(await progress.load(db.database!, name)).toBeUndefined();
  });

  it('a --from window rebuilt for all projections at once leaves the rows as they were', async () => {
    const db = await database('window');
    await replayProjections(replayTargets, options(db));
    const reports = await replayProjections(replayTargets, options(db, { fromSequence: Math.floor(head / 2) }));
    expect(reports.every((r) => r.phase === 'swapped' && r.sequence === head)).toBe(true);
    expect(await tables(db)).toEqual(reference);
    const left = await db.query<{ name: string }>(sql`SELECT name FROM system.tables WHERE database = ${db.database!} AND match(name, '__(replay|old)$')`);
    expect(left).toEqual([]);
  });
});
