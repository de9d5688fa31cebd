import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ALERT_CATEGORY } from '@vigil/domain';
import { catalog, type NewEvent } from '@vigil/events';
import { eachLimited, JetStreamEventStore, SCHEMA_HEADER, type EventStore, type StreamRef } from '@vigil/event-store';
import { consumerLag } from '@vigil/messaging';
import { ident, sql, tableSink, type ClickHouse } from '@vigil/read-models';
import { RECOMPUTED_POSITION_BASE } from '@vigil/recompute';
import { clickhouseUrl, createTestDatabase, natsUrl, type TestDatabase } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { alarmProjection, type AlarmWrite } from '../alarms/alarm.projection';
import { alarmRowsSink } from '../alarms/alarm.sink';
import { alertProjection, type AlertWrite } from '../alerts/alert.projection';
import { alertRowsSink } from '../alerts/alert-rows.sink';
import { hostArProjector } from '../ar/ar-projector';
import { budgetProjection, type BudgetWrite } from '../budgets/budget.projection';
import { budgetRowsSink } from '../budgets/budget-rows.sink';
import type { Sink } from '../projection';
import { metricResultsProjectionWith } from '../metric-results/metric-results.projection';
import { hostProjector, type HostedProjector } from '../projector-host';
import { StatusSnapshotStore } from '../status/status-snapshot.store';
import { hostStatusProjector } from '../status/status-projector';
import { loadTopologySeed, topologyProjection, topologySink } from '../topology/topology.projection';
import { projectionVersions } from './projection-versions';
import { ReplayProgressStore } from './replay-progress.store';
import { replayProjection, type ReplayOptions, type ReplayReport } from './replay-runner';
import { arReplayTarget, replayTargets, type ReplayTarget } from './replay-targets';
import { replayProjectionsThreaded } from './replay-threads';

const run = randomBytes(4).toString('hex');
const tenant = `t${run}`;
const events = { stream: `VIGIL_TEST_REPLAY_${run}`, prefix: `vigil.test-replay-${run}` };
const progressBucket = `vigil_replays_test_${run}`;
const snapshotBucket = `vigil_status_snapshots_test_replay_${run}`;
const TABLES = [
  'metric_results', 'topology_endpoints', 'topology_groups', 'status_history', 'status_current',
  'ar_daily', 'ar_monthly', 'status_statistics_daily', 'flapping_daily',
  'alerts_history', 'alerts_current', 'error_budgets',
  'alarms_history', 'alarms_current', 'tickets_current', 'downtimes_current',
];
// Open-day A/R rows are written for ticks long past too (the history is in 2025), on both sides.
const AR_OPTIONS = { partialWithinMs: Infinity };
const TARGETS: readonly ReplayTarget[] = replayTargets.map((t) => (t.name === 'ar' ? arReplayTarget(AR_OPTIONS) : t));
/** Day 1 of SITE-A as a recomputation rewrote it (RECOMPUTED_POSITION_BASE + the request's position). */
const recomputed = {
  tenant, level: 'group', supergroup: 'NGI_A', endpoint_group: 'SITE-A', function: '', service: '', hostname: '', day: '2025-05-06',
  availability: 100, reliability: 100, up: 1, unknown: 0, down: 0, final: 1, position: RECOMPUTED_POSITION_BASE + 10_000,
};
const NAMES = ['metric-results', 'topology', 'status', 'ar', 'alerts', 'budgets', 'alarms'];
const DAY = 86_400_000;
const MIN = 60_000;
const T0 = Date.parse('2025-05-05T00:00:00Z');

let nc: NatsConnection;
let store: JetStreamEventStore;
let progress: ReplayProgressStore;
const databases: TestDatabase[] = [];
const live: HostedProjector[] = [];

async function database(name: string): Promise<ClickHouse> {
  const db = await createTestDatabase(nc, { database: `vigil_replay_test_${run}_${name}` });
  databases.push(db);
  return db.clickhouse;
}

// --- a generated multi-day history -----------------------------------------------------------

type Appended = { tenant: string; category: string; id: string; event: NewEvent };
const ev = (category: string, id: string, at: number, type: string, data: unknown, who = tenant): Appended => ({ tenant: who, category, id, event: { type, data, occurredAt: at, eventId: randomUUID() } });
const profile = (services: Record<string, string[]>, at: number) =>
  ev('profile', 'metric-profile', at, 'MetricProfileSet', { name: 'test', profile: JSON.stringify({ services: Object.entries(services).map(([service, metrics]) => ({ service, metrics })) }), source: null });
const service = (id: string, serviceType: string, hostname: string, site: string, at: number, type = 'ServiceRegistered') =>
  ev('service', id, at, type, serviceRegistered({ id, serviceType, hostname, site }).data);
const result = (hostname: string, serviceType: string, metric: string, status: string, at: number) =>
  ev('probe', `${hostname}-${metric}`, at, 'ProbeResultRecorded', { timestamp: at, service: serviceType, hostname, metric, status, monitoringHost: 'mon.example.org', summary: status, message: null, tags: null, actualData: null });
const tick = (at: number) => ev('clock', 'minutes', at, 'ClockTicked', { at }, '_system');
const STATUSES = ['OK', 'OK', 'WARNING', 'CRITICAL', 'OK', 'UNKNOWN'];
const HOUR = 3_600_000;
const ALL = { level: null, supergroup: null, endpointGroup: null, service: null, hostname: null, metric: null };

/** Alert rules (endpoints re-notify, sites flap), an error budget with a burn-rate alert, and tickets after 2 h in error. */
function operations(at: number): Appended[] {
  const rule = { statuses: ['CRITICAL'], maxCheckAttempts: 1, flapLowThreshold: 20, flapHighThreshold: 30, sendResolved: true, labels: {} };
  return [
    ev('alert-rule', 'r1', at, 'AlertRuleCreated', { ...rule, id: 'r1', name: 'endpoints', match: { ...ALL, level: 'endpoint' }, notificationInterval: 2 * HOUR }),
    ev('alert-rule', 'r2', at, 'AlertRuleCreated', { ...rule, id: 'r2', name: 'sites', match: { ...ALL, level: 'group' }, statuses: ['CRITICAL', 'WARNING'], notificationInterval: 0 }),
    ev('error-budget', 'b1', at, 'ErrorBudgetCreated', {
      id: 'b1', name: 'endpoint availability', ruleId: null, match: { ...ALL, level: 'endpoint' }, objective: 'availability', target: 0.9, window: 24 * HOUR,
      burnRateWindows: [{ severity: 'page', longWindow: 6 * HOUR, shortWindow: HOUR, factor: 2 }], labels: {},
    }),
    ev('alarm-settings', 'settings', at, 'AlarmSettingsSet', { autoTicket: true, ticketAfter: 2 * HOUR, holidays: [] }),
  ];
}

function history(days: number, startDay = 0): Appended[] {
  const out: Appended[] = [];
  if (startDay === 0) {
    out.push(profile({ 'ARC-CE': ['job', 'ping'], SRMv2: ['put'] }, T0));
    for (const [site, ngi] of [['SITE-A', 'NGI_A'], ['SITE-B', 'NGI_A'], ['SITE-C', 'NGI_B']]) out.push(ev('site', site, T0, 'SiteRegistered', siteRegistered({ shortName: site, ngi }).data));
    out.push(service('s1', 'ARC-CE', 'ce.a.org', 'SITE-A', T0), service('s2', 'SRMv2', 'se.a.org', 'SITE-A', T0), service('s3', 'ARC-CE', 'ce.b.org', 'SITE-B', T0), service('s4', 'SRMv2', 'se.c.org', 'SITE-C', T0));
    out.push(...operations(T0));
  }
  for (let day = startDay; day < startDay + days; day++) {
    const base = T0 + day * DAY;
    for (let h = 0; h < 24; h += 3) {
      const at = base + h * 3_600_000;
      const k = day * 8 + h / 3;
      out.push(result('ce.a.org', 'ARC-CE', 'job', STATUSES[k % 6], at + MIN), result('ce.a.org', 'ARC-CE', 'ping', STATUSES[(k + 1) % 6], at + MIN));
      out.push(result('se.a.org', 'SRMv2', 'put', STATUSES[(k + 2) % 6], at + 2 * MIN), result('ce.b.org', 'ARC-CE', 'job', STATUSES[(k + 3) % 6], at + 2 * MIN));
      if (k % 3 === 0) out.push(result('se.c.org', 'SRMv2', 'put', STATUSES[(k + 4) % 6], at + 3 * MIN));
      out.push(result('unknown.org', 'ARC-CE', 'job', 'OK', at + 3 * MIN), tick(at + 30 * MIN), tick(at + 150 * MIN));
    }
    if (day === 0) {
      out.push(ev('downtime', 'd1', base + 6 * 3_600_000, 'DowntimeDeclared', {
        id: 'd1', site: 'SITE-B', services: ['s3'], endpoints: [], severity: 'OUTAGE', classification: 'SCHEDULED', start: base + 8 * 3_600_000, end: base + 20 * 3_600_000, description: 'disk swap',
      }));
    }
    if (day === 1) {
      // Topology changes: SITE-B moves NGI, a service moves site, another is removed; and the profile changes.
      const { certificationStatus: _, ...siteB } = siteRegistered({ shortName: 'SITE-B', ngi: 'NGI_B' }).data;
      out.push(ev('site', 'SITE-B', base + 5 * 3_600_000, 'SiteUpdated', siteB));
      out.push(service('s2', 'SRMv2', 'se.a.org', 'SITE-C', base + 5 * 3_600_000, 'ServiceUpdated'));
      out.push(ev('service', 's4', base + 9 * 3_600_000, 'ServiceRemoved', { id: 's4' }));
      out.push(profile({ 'ARC-CE': ['job'], SRMv2: ['put', 'get'] }, base + 12 * 3_600_000));
    }
  }
  return out;
}

/** Appends only the events a stream does not hold yet, as the alarms projector does (its tickets are commented by operators). */
async function appendOnce(stream: StreamRef, list: readonly NewEvent[]): Promise<void> {
  const held = new Set((await store.readStream(stream)).map((e) => e.eventId));
  const missing = list.filter((e) => !held.has(e.eventId!));
  if (missing.length > 0) await store.append(stream, missing, 'any');
}

const appendAlerts = (s: EventStore, w: AlertWrite | BudgetWrite) => eachLimited(w.appends, 16, (a) => s.append({ tenant: a.tenant, category: ALERT_CATEGORY, id: a.alertId }, a.events, 'any'));

/** As in production (apps/projector): the decided events are appended, then the rows written. */
const liveSinks = (ch: ClickHouse) => ({
  alerts: { write: async (w) => (await appendAlerts(store, w), await alertRowsSink(ch).write(w)) } as Sink<AlertWrite>,
  budgets: { write: async (w) => (await appendAlerts(store, w), await alertRowsSink(ch).write(w), await budgetRowsSink(ch).write(w)) } as Sink<BudgetWrite>,
  alarms: {
    write: async (w) => {
      for (const category of ['ticket', 'alarm'] as const) for (const a of w.appends.filter((x) => x.category === category)) await appendOnce({ tenant: a.tenant, category, id: a.id }, a.events);
      await alarmRowsSink(ch).write(w);
    },
  } as Sink<AlarmWrite>,
});

/**
 * As in production, where the projectors keep up with the clock: before each run of ticks the live
 * projectors settle, so the StatusChanged (and alarm, ticket, alert) events they append for the
 * results so far precede the ticks that age them (A/R days, ticket delays, re-notifications).
 */
async function publish(list: Appended[], projectors: HostedProjector[]): Promise<void> {
  for (const [i, a] of list.entries()) {
    if (a.event.type === 'ClockTicked' && list[i - 1]?.event.type !== 'ClockTicked') await settle(projectors);
    await store.append({ tenant: a.tenant, category: a.category, id: a.id }, [a.event], 'any');
  }
  await settle(projectors);
}

// --- live projectors and comparisons ---------------------------------------------------------

async function startLive(ch: ClickHouse): Promise<HostedProjector[]> {
  const source = { stream: events.stream, filterSubject: `${events.prefix}.>`, schemaHeader: SCHEMA_HEADER, database: ch.database, maxWaitMs: 20, maxEvents: 40 };
  const fail = (err: unknown) => console.error(err);
  const snapshots = await StatusSnapshotStore.open(nc, { bucket: snapshotBucket, name: `${ch.database}-status` });
  const sinks = liveSinks(ch);
  const started = [
    hostProjector(nc, catalog(), source, metricResultsProjectionWith({ seed: () => loadTopologySeed(ch) }), tableSink(ch, 'metric_results'), fail),
    hostProjector(nc, catalog(), source, topologyProjection({ seed: () => loadTopologySeed(ch) }), topologySink(ch), fail),
    await hostStatusProjector(nc, { store, clickhouse: ch, schemas: catalog(), snapshots, stream: events.stream, prefix: events.prefix, maxWaitMs: 20, maxEvents: 40, onError: fail }),
    await hostArProjector(nc, { ...AR_OPTIONS, clickhouse: ch, schemas: catalog(), stream: events.stream, prefix: events.prefix, maxWaitMs: 20, maxEvents: 40, onError: fail }),
    hostProjector(nc, catalog(), source, alertProjection(), sinks.alerts, fail),
    hostProjector(nc, catalog(), source, budgetProjection(), sinks.budgets, fail),
    hostProjector(nc, catalog(), source, alarmProjection(), sinks.alarms, fail),
  ];
  live.push(...started);
  return started;
}

/** Until every live durable has nothing pending (the status projector's own appends included). */
async function settle(projectors: HostedProjector[]): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    // A durable not created yet (its consumer starts asynchronously) has everything pending.
    const lags = await Promise.all(projectors.map((p) => consumerLag(nc, events.stream, p.durable).catch(() => Infinity)));
    if (lags.every((l) => l === 0)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('live projectors did not catch up');
}

/** Every table's deduplicated rows, in a stable order. */
async function tables(ch: ClickHouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) out[t] = (await ch.query<Record<string, unknown>>(sql`SELECT * FROM ${ident(t)} FINAL`)).map((r) => JSON.stringify(r)).sort();
  return out;
}

/** As `vigil replay --projection all` does: two threads, each with one read of the log feeding its projections. */
const replayAll = (ch: ClickHouse, extra: Partial<ReplayOptions> = {}): Promise<ReplayReport[]> =>
  replayProjectionsThreaded(TARGETS, { nc, natsUrl, clickhouseUrl, schemas: catalog(), clickhouse: ch, ...events, progress, progressBucket, maxEvents: 150, ...extra });

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
  store = await JetStreamEventStore.open(nc, events);
  progress = await ReplayProgressStore.open(nc, progressBucket);
});

afterAll(async () => {
  for (const p of live) p.subscription.unsubscribe();
  await new Promise((r) => setTimeout(r, 100));
  const jsm = await jetstreamManager(nc);
  for (const p of live) await jsm.consumers.delete(events.stream, p.durable).catch(() => undefined);
  await jsm.streams.delete(events.stream).catch(() => undefined);
  for (const bucket of [progressBucket, snapshotBucket]) await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
  await Promise.all(databases.map((db) => db.drop()));
  await nc.drain();
});

describe('vigil replay', { timeout: 120_000 }, () => {
  let liveDb: ClickHouse;
  let built: Record<string, string[]>;

  it('rebuilds from scratch the very rows the live projectors built, table by table', async () => {
    liveDb = await database('live');
    await publish(history(3), await startLive(liveDb));
    built = await tables(liveDb);
    expect(built.metric_results.length).toBeGreaterThan(100);
    expect(built.status_history.length).toBeGreaterThan(50);
    expect(built.topology_endpoints.some((r) => r.includes('"removed":1'))).toBe(true);
    // Every read model has rows worth comparing: open and final A/R days, alerts raised and resolved, tickets.
    for (const t of TABLES) expect(built[t].length, t).toBeGreaterThan(0);
    expect(built.ar_daily.some((r) => r.includes('"final":0')) && built.ar_daily.some((r) => r.includes('"final":1'))).toBe(true);
    expect(['PROBLEM', 'RESOLVED', 'RENOTIFY', 'FLAPPINGSTART', 'BURNRATE'].map((e) => `"event":"${e}"`).filter((e) => !built.alerts_history.some((r) => r.includes(e)))).toEqual([]);
    expect(built.alarms_history.some((r) => r.includes('"event":"ATTACHED"'))).toBe(true);

    const rebuilt = await database('rebuilt');
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info(events.stream)).state.messages;
    const reports = await replayAll(rebuilt);
    expect(reports.map((r) => [r.projection, r.phase])).toEqual(NAMES.map((n) => [n, 'swapped']));
    expect(await tables(rebuilt)).toEqual(built);
    expect((await projectionVersions(rebuilt)).map((v) => [v.projection, v.state])).toEqual(NAMES.map((n) => [n, 'current']));
    // Replay writes rows only: no StatusChanged, alert, alarm or ticket event appended a second time.
    expect((await jsm.streams.info(events.stream)).state.messages).toBe(before);
  });

  it('a replay stopped halfway leaves the live tables untouched and resumes to the same result', async () => {
    const resumed = await database('resumed');
    const controller = new AbortController();
    const status = TARGETS.find((t) => t.name === 'status')!;
    const first = await replayProjection(status, { nc, schemas: catalog(), clickhouse: resumed, ...events, progress, maxEvents: 25, signal: controller.signal, onProgress: () => controller.abort() });
    expect(first.phase).toBe('aborted');
    expect(first.sequence).toBeGreaterThan(0);
    expect((await tables(resumed)).status_history).toEqual([]);
    expect((await progress.load(resumed.database!, 'status'))?.sequence).toBe(first.sequence);

    const reports = await replayAll(resumed);
    expect(reports.find((r) => r.projection === 'status')).toMatchObject({ phase: 'swapped', resumed: true });
    expect(await tables(resumed)).toEqual(built);
    expect(await progress.load(resumed.database!, 'status')).toBeUndefined();
  });

  it('swapped in under running live projectors, the rebuilt tables keep every later event and recomputed A/R', async () => {
    // A recomputation's rows carry positions past any event's: a rebuild must not lose them.
    await liveDb.insert('ar_daily', [recomputed]);
    await replayAll(liveDb);
    await publish(history(1, 3), live);
    const fresh = await database('fresh');
    await fresh.insert('ar_daily', [recomputed]);
    await replayAll(fresh);
    const after = await tables(liveDb);
    expect(after.metric_results.length).toBeGreaterThan(built.metric_results.length);
    expect(after.ar_daily.filter((r) => r.includes(`"position":"${recomputed.position}"`))).toHaveLength(1);
    expect(after).toEqual(await tables(fresh));
    const left = await liveDb.query<{ name: string }>(sql`SELECT name FROM system.tables WHERE database = ${liveDb.database!} AND match(name, '__(replay|old)$')`);
    expect(left).toEqual([]);
  });
});
