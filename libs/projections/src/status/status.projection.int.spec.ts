import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { catalog, type NewEvent } from '@vigil/events';
import { consumerLag } from '@vigil/messaging';
import { sql, type ClickHouse } from '@vigil/read-models';
import { natsUrl, openEventStoreBed, randomRun, type EventStoreBed } from '@vigil/testing';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { StatusSnapshotStore } from './status-snapshot.store';
import { hostStatusProjector, type HostedStatusProjector } from './status-projector';

const run = randomRun();
const tenant = `t${run}`;
const T0 = Date.parse('2025-03-03T10:00:00Z');
const MIN = 60_000;

/** One isolated world: its own JetStream stream, ClickHouse database and snapshot bucket. */
interface World extends EventStoreBed {
  name: string;
  ch: ClickHouse;
  snapshots: StatusSnapshotStore;
}

let nc: NatsConnection;
const worlds: World[] = [];
const running: HostedStatusProjector[] = [];

async function world(name: string): Promise<World> {
  const bed = await openEventStoreBed(`status-${name}`);
  const made = { ...bed, name, ch: bed.clickhouse, snapshots: await StatusSnapshotStore.open(bed.nc, { bucket: bed.snapshotBucket }) };
  worlds.push(made);
  return made;
}

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});

afterAll(async () => {
  for (const p of running) p.subscription.unsubscribe();
  for (const w of worlds) await w.close();
  await nc.drain();
});

// --- the events -----------------------------------------------------------------------------

type Appended = { tenant: string; category: string; id: string; event: NewEvent };
const ev = (category: string, id: string, occurredAt: number, type: string, data: unknown, who = tenant): Appended => ({
  tenant: who,
  category,
  id,
  event: { type, data, occurredAt, eventId: randomUUID() },
});

const metricProfile = { services: [{ service: 'ARC-CE', metrics: ['job', 'ping'] }, { service: 'CREAM-CE', metrics: ['job'] }, { service: 'SRMv2', metrics: ['put'] }] };
const service = (id: string, serviceType: string, hostname: string, site: string, at: number) =>
  ev('service', id, at, 'ServiceRegistered', serviceRegistered({ id, serviceType, hostname, site }).data);
const result = (hostname: string, serviceType: string, metric: string, status: string, at: number) =>
  ev('probe', `${hostname}-${metric}`, at, 'ProbeResultRecorded', {
    timestamp: at, service: serviceType, hostname, metric, status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null,
  });
const tick = (at: number) => ev('clock', 'minutes', at, 'ClockTicked', { at }, '_system');

// Three parts: the kill/restart run stops after each one.
const parts: Appended[][] = [
  [
    ev('profile', 'metric-profile', T0, 'MetricProfileSet', { name: 'test', profile: JSON.stringify(metricProfile), source: null }),
    ev('site', 'SITE-A', T0, 'SiteRegistered', siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_A' }).data),
    ev('site', 'SITE-B', T0, 'SiteRegistered', siteRegistered({ shortName: 'SITE-B', ngi: 'NGI_A' }).data),
    service('s1', 'ARC-CE', 'ce1.a.org', 'SITE-A', T0),
    service('s2', 'CREAM-CE', 'ce2.a.org', 'SITE-A', T0),
    service('s3', 'SRMv2', 'se.a.org', 'SITE-A', T0),
    service('s4', 'SRMv2', 'se.b.org', 'SITE-B', T0),
    result('ce1.a.org', 'ARC-CE', 'job', 'OK', T0 + MIN),
    result('ce1.a.org', 'ARC-CE', 'ping', 'CRITICAL', T0 + MIN),
  ],
  [
    result('ce2.a.org', 'CREAM-CE', 'job', 'OK', T0 + 2 * MIN),
    result('se.a.org', 'SRMv2', 'put', 'WARNING', T0 + 2 * MIN),
    result('se.b.org', 'SRMv2', 'put', 'CRITICAL', T0 + 2 * MIN),
    // Older than the latest seen: stored as a raw result elsewhere, never a status.
    result('se.a.org', 'SRMv2', 'put', 'OK', T0 + MIN),
  ],
  [
    ev('downtime', 'd1', T0 + 3 * MIN, 'DowntimeDeclared', {
      id: 'd1', site: 'SITE-B', services: ['s4'], endpoints: [], severity: 'OUTAGE', classification: 'SCHEDULED',
      start: T0 + 30 * MIN, end: T0 + 120 * MIN, description: 'disk swap',
    }),
    tick(T0 + 31 * MIN),
  ],
];

async function publish(w: World, list: Appended[]): Promise<void> {
  for (const a of list) await w.store.append({ tenant: a.tenant, category: a.category, id: a.id }, [a.event], 'any');
}

async function start(w: World, snapshotEveryEvents: number): Promise<HostedStatusProjector> {
  const p = await hostStatusProjector(nc, {
    store: w.store, clickhouse: w.ch, schemas: catalog(), snapshots: w.snapshots, stream: w.stream, prefix: w.prefix,
    maxWaitMs: 20, snapshotEveryEvents, snapshotEveryMs: 3_600_000, onError: (err) => console.error(err),
  });
  running.push(p);
  return p;
}

/** Waits until the durable consumer has nothing pending (its own StatusChanged appends included). */
async function settle(w: World, p: HostedStatusProjector): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await consumerLag(nc, w.stream, p.durable)) === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${w.name}: the status projector did not catch up`);
}

async function stop(p: HostedStatusProjector): Promise<void> {
  p.subscription.unsubscribe();
  await new Promise((r) => setTimeout(r, 100));
}

const current = async (w: World) =>
  (
    await w.ch.query<{ item: string; status: string; since: string }>(sql`
      SELECT concat(level, ' ', supergroup, '/', endpoint_group, '/', function, '/', service, '/', hostname, '/', metric) AS item, status, toString(since) AS since
      FROM status_current FINAL WHERE tenant = ${tenant} AND status != '' ORDER BY item`)
  ).map((r) => `${r.item.replace(/\/+$/, '').replace(/\/\/+/g, '/')}: ${r.status}`);

const changes = async (w: World) => {
  const rows = await w.ch.query<{ n: string }>(sql`SELECT count() AS n FROM (SELECT * FROM status_history FINAL WHERE tenant = ${tenant})`);
  return Number(rows[0].n);
};

describe('status projection on NATS and ClickHouse', () => {
  let whole: World;

  it('computes every level from topology, profiles, results, downtimes and ticks', async () => {
    whole = await world('whole');
    for (const part of parts) await publish(whole, part);
    const p = await start(whole, 1_000_000);
    await settle(whole, p);
    expect(await current(whole)).toEqual([
      // ce1: OK AND CRITICAL; compute: CRITICAL OR OK.
      'endpoint NGI_A/SITE-A/compute/ARC-CE/ce1.a.org: CRITICAL',
      'endpoint NGI_A/SITE-A/compute/CREAM-CE/ce2.a.org: OK',
      'endpoint NGI_A/SITE-A/storage/SRMv2/se.a.org: WARNING',
      // The scheduled outage overlays from the first tick inside it.
      'endpoint NGI_A/SITE-B/storage/SRMv2/se.b.org: DOWNTIME',
      'function NGI_A/SITE-A/compute: OK',
      'function NGI_A/SITE-A/storage: WARNING',
      'function NGI_A/SITE-B/storage: DOWNTIME',
      // OK AND WARNING.
      'group NGI_A/SITE-A: WARNING',
      'group NGI_A/SITE-B: DOWNTIME',
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a.org/job: OK',
      'metric NGI_A/SITE-A/compute/ARC-CE/ce1.a.org/ping: CRITICAL',
      'metric NGI_A/SITE-A/compute/CREAM-CE/ce2.a.org/job: OK',
      'metric NGI_A/SITE-A/storage/SRMv2/se.a.org/put: WARNING',
      'metric NGI_A/SITE-B/storage/SRMv2/se.b.org/put: CRITICAL',
      'service NGI_A/SITE-A/compute/ARC-CE: CRITICAL',
      'service NGI_A/SITE-A/compute/CREAM-CE: OK',
      'service NGI_A/SITE-A/storage/SRMv2: WARNING',
      'service NGI_A/SITE-B/storage/SRMv2: DOWNTIME',
      // WARNING AND DOWNTIME.
      'supergroup NGI_A: DOWNTIME',
    ]);
    const supergroup = (await statusEvents(whole)).filter((e) => e.startsWith('supergroup|'));
    expect(supergroup).toEqual(
      [
        `supergroup|NGI_A||||||CRITICAL|DOWNTIME|${T0 + 31 * MIN}`,
        `supergroup|NGI_A||||||CRITICAL|OK|${T0 + 2 * MIN}`,
        `supergroup|NGI_A||||||OK|CRITICAL|${T0 + MIN}`,
        `supergroup|NGI_A||||||OK|WARNING|${T0 + 2 * MIN}`,
        `supergroup|NGI_A||||||WARNING|CRITICAL|${T0 + 2 * MIN}`,
        `supergroup|NGI_A|||||||OK|${T0 + MIN}`,
      ].sort(),
    );
  }, 60_000);

  it('gives the same statuses and change events when stopped and restarted between parts', async () => {
    const restarted = await world('restarted');
    // Part 1 with a snapshot after every batch; part 2 without snapshots; part 3 replays part 2 silently.
    await publish(restarted, parts[0]);
    let p = await start(restarted, 1);
    await settle(restarted, p);
    await stop(p);
    expect(await restarted.snapshots.sequence()).toBeGreaterThan(0);
    await publish(restarted, parts[1]);
    p = await start(restarted, 1_000_000);
    await settle(restarted, p);
    await stop(p);
    const snapshotAfterPart1 = await restarted.snapshots.sequence();
    await publish(restarted, parts[2]);
    p = await start(restarted, 1_000_000);
    expect(p.projection.state.sequence).toBeGreaterThan(snapshotAfterPart1);
    await settle(restarted, p);
    expect(await current(restarted)).toEqual(await current(whole));
    expect(await changes(restarted)).toBe(await changes(whole));
    expect(await statusEvents(restarted)).toEqual(await statusEvents(whole));
  }, 90_000);

  it('goes on when a snapshot cannot be saved (its bucket gone, the server timing out): no status is lost, a warning says so', async () => {
    const unsaved = await world('unsaved');
    const warnings: string[] = [];
    let failed: unknown;
    await publish(unsaved, parts[0]);
    const p = await hostStatusProjector(nc, {
      store: unsaved.store, clickhouse: unsaved.ch, schemas: catalog(), snapshots: unsaved.snapshots, stream: unsaved.stream, prefix: unsaved.prefix,
      maxWaitMs: 20, snapshotEveryEvents: 1, onError: (err) => (failed = err), onWarn: (m) => warnings.push(m),
    });
    running.push(p);
    await settle(unsaved, p);
    await (await jetstreamManager(nc)).streams.delete(`KV_${unsaved.snapshotBucket}`);
    for (const part of parts.slice(1)) await publish(unsaved, part);
    await settle(unsaved, p);
    expect(failed).toBeUndefined();
    expect(warnings.some((w) => /^status snapshot at sequence \d+ not saved: /.test(w))).toBe(true);
    expect(await current(unsaved)).toEqual(await current(whole));
    expect(await statusEvents(unsaved)).toEqual(await statusEvents(whole));
  }, 90_000);
});

/** Every StatusChanged event of the tenant, as level/keys/status/previous/since (ids depend on positions). */
async function statusEvents(w: World): Promise<string[]> {
  const out: string[] = [];
  for (let shard = 0; shard < 16; shard++) {
    const events = await w.store.readStream({ tenant, category: 'status', id: `shard-${String(shard).padStart(2, '0')}` });
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      out.push([d.level, d.supergroup, d.endpointGroup, d.function, d.service, d.hostname, d.metric, d.previousStatus, d.status, d.since].join('|'));
    }
  }
  return out.sort();
}

describe('status snapshot store', () => {
  it('saves a snapshot larger than a NATS message in chunks and loads the latest whole', async () => {
    const bucket = `vigil_status_snapshots_test_${run}_chunks`;
    const snapshots = await StatusSnapshotStore.open(nc, { bucket });
    try {
      expect(await snapshots.load()).toBeUndefined();
      // Incompressible: about 3 MB gzipped, four chunks.
      const big = (sequence: number) => ({ version: 1 as const, sequence, clock: 0, tenants: {}, padding: randomBytes(1_500_000).toString('hex') });
      const first = big(7);
      await snapshots.save(first);
      expect(await snapshots.load()).toEqual(first);
      const second = big(9);
      await snapshots.save(second);
      expect(await snapshots.load()).toEqual(second);
      expect(await snapshots.sequence()).toBe(9);
      const kv = await new Kvm(nc).open(bucket);
      const keys: string[] = [];
      for await (const k of await kv.keys()) keys.push(k);
      // Only the latest generation's chunks and the manifest remain.
      expect(keys.filter((k) => k.includes('.g1.'))).toEqual([]);
      expect(keys.filter((k) => k.includes('.g2.')).length).toBeGreaterThan(1);
    } finally {
      await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
    }
  }, 60_000);
});
