import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { catalog } from '@vigil/events';
import { JetStreamEventStore } from '@vigil/event-store';
import { consumerLag } from '@vigil/messaging';
import { createClickHouse, ident, productMigrationsDirectory, runMigrations, sql, type ClickHouse } from '@vigil/read-models';
import { serviceRegistered, siteRegistered } from '../../../domain/src/topology/topology.fixtures';
import { StatusSnapshotStore } from '../status/status-snapshot.store';
import { hostStatusProjector } from '../status/status-projector';
import type { HostedProjector } from '../projector-host';
import { hostArProjector } from './ar-projector';

const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const natsUrl = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomBytes(4).toString('hex');
const tenant = `t${run}`;
const stream = `VIGIL_TEST_AR_RESULTS_${run}`;
const prefix = `vigil.test-ar-results-${run}`;
const database = `vigil_ar_results_test_${run}`;
const bucket = `vigil_ar_results_snapshots_${run}`;
const H = 3_600_000;
const D1 = Date.parse('2025-06-02T00:00:00Z');
const D2 = D1 + 24 * H;

let nc: NatsConnection;
let store: JetStreamEventStore;
let ch: ClickHouse;
const running: HostedProjector[] = [];

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
  await runMigrations({ clickhouse: { url: clickhouseUrl, database }, directory: productMigrationsDirectory, nats: nc });
  store = await JetStreamEventStore.open(nc, { stream, prefix });
  ch = createClickHouse({ url: clickhouseUrl, database });
});

afterAll(async () => {
  for (const p of running) p.subscription.unsubscribe();
  await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
  await new Kvm(nc).open(bucket).then((kv) => kv.destroy()).catch(() => undefined);
  await ch.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
  await ch.close();
  await nc.drain();
});

async function append(t: string, category: string, id: string, type: string, data: unknown, occurredAt: number): Promise<void> {
  await store.append({ tenant: t, category, id }, [{ type, data, occurredAt, eventId: randomUUID() }], 'any');
}

const result = (status: string, at: number) =>
  append(tenant, 'probe', 'se.a.org-put', 'ProbeResultRecorded', {
    timestamp: at, service: 'SRMv2', hostname: 'se.a.org', metric: 'put', status, monitoringHost: null, summary: null, message: null, tags: null, actualData: null,
  }, at);

async function settle(p: HostedProjector): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const lag = await consumerLag(nc, stream, p.durable).catch(() => -1);
    if (lag === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${p.name} did not catch up`);
}

describe('continuous A/R from probe results, through the status projection', () => {
  it('gives every level the A/R of the results’ timeline, final even when the statuses were computed after the day’s ticks', async () => {
    await append(tenant, 'profile', 'metric-profile', 'MetricProfileSet', { name: 'test', profile: JSON.stringify({ services: [{ service: 'SRMv2', metrics: ['put'] }] }), source: null }, D1);
    await append(tenant, 'site', 'SITE-A', 'SiteRegistered', siteRegistered({ shortName: 'SITE-A', ngi: 'NGI_A' }).data, D1);
    await append(tenant, 'service', 's1', 'ServiceRegistered', serviceRegistered({ id: 's1', serviceType: 'SRMv2', hostname: 'se.a.org', site: 'SITE-A' }).data, D1);
    await result('OK', D1);
    await result('CRITICAL', D1 + 18 * H);
    await result('OK', D1 + 21 * H);
    for (let at = D1 + 30 * 60_000; at <= D2 + 2 * H; at += 30 * 60_000) await append('_system', 'clock', 'minutes', 'ClockTicked', { at }, at);
    const snapshots = await StatusSnapshotStore.open(nc, { bucket });
    const status = await hostStatusProjector(nc, { store, clickhouse: ch, schemas: catalog(), snapshots, stream, prefix, maxWaitMs: 20, onError: (err) => console.error(err) });
    running.push(status);
    await settle(status);
    // The status changes reach the log after the ticks they come before (the status projection
    // caught up on a backlog): the next tick gives their days' final rows.
    await append('_system', 'clock', 'minutes', 'ClockTicked', { at: D2 + 150 * 60_000 }, D2 + 150 * 60_000);
    const ar = await hostArProjector(nc, { clickhouse: ch, schemas: catalog(), stream, prefix, partialWithinMs: Infinity, maxWaitMs: 20, onError: (err) => console.error(err) });
    running.push(ar);
    await settle(ar);
    const rows = await ch.query<{ level: string; availability: number; up: number; final: number }>(sql`
      SELECT level, availability, up, final FROM ar_daily FINAL
      WHERE tenant = ${tenant} AND day = '2025-06-02' AND level IN ('endpoint', 'service', 'group', 'supergroup')
      ORDER BY level`);
    // CRITICAL 18:00-21:00: 21 h up of 24.
    const day = { availability: 87.5, up: 0.875, final: 1 };
    expect(rows).toEqual(['endpoint', 'group', 'service', 'supergroup'].map((level) => ({ level, ...day })));
    const minutes = await ch.query<{ status: string; minutes: number; freq: number }>(sql`
      SELECT status, minutes, freq FROM status_statistics_daily FINAL
      WHERE tenant = ${tenant} AND level = 'endpoint' AND day = '2025-06-02' ORDER BY status`);
    expect(minutes).toEqual([{ status: 'CRITICAL', minutes: 180, freq: 1 }, { status: 'OK', minutes: 1260, freq: 2 }]);
  }, 60_000);
});
