import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EVENTS_STREAM, type EventStore } from '@vigil/event-store';
import { createClickHouse, ident, sql } from '@vigil/read-models';
import { EVENT_STORE } from '@vigil/platform';
import { createPlatformApp } from '../../apps/api/src/platform-app';
import { migrate } from '../../apps/cli/src/commands/migrate.command';

const database = `vigil_e2e_${randomUUID().slice(0, 8)}`;
const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';

// New projectors first catch up on whatever the shared log already holds (other tests' events).
async function until<T>(probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the platform as `npm start` runs it', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    process.env.VIGIL_CLICKHOUSE_DATABASE = database;
    process.env.VIGIL_DATA_DIR = `/tmp/${database}`;
    process.env.VIGIL_API_KEYS_BUCKET = `keys_${database}`; // the first-start admin key of the real bucket stays untouched
    await migrate();
    app = await createPlatformApp();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app.close(); // drains the app's own connection: clean up on a fresh one
    const nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
    const jsm = await jetstreamManager(nc);
    for await (const c of jsm.consumers.list(EVENTS_STREAM)) if (c.name.includes(database)) await jsm.consumers.delete(EVENTS_STREAM, c.name);
    await jsm.streams.delete(`KV_keys_${database}`).catch(() => undefined);
    await nc.close();
    const admin = createClickHouse({ url: clickhouseUrl });
    await admin.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
    await admin.close();
    delete process.env.VIGIL_CLICKHOUSE_DATABASE;
    delete process.env.VIGIL_API_KEYS_BUCKET;
  });

  it('answers /health 200 once NATS, ClickHouse and the projectors are up, without a key', async () => {
    const res = await until(async () => {
      const r = await fetch(`${base}/health`);
      return r.status === 200 ? r : undefined;
    });
    expect(await res.json()).toMatchObject({ status: 'ok' });
    const ready = await (await fetch(`${base}/ready`)).json();
    expect(ready).toMatchObject({ ready: true, nats: true, clickhouse: true });
  });

  it('projects an appended probe result into metric_results, and counts it in /metrics', { timeout: 120_000 }, async () => {
    const tenant = `e2e${randomUUID().slice(0, 6)}`;
    const store = app.get<EventStore>(EVENT_STORE);
    const data = { timestamp: Date.UTC(2026, 10, 24, 12), service: 'ARC-CE', hostname: 'ce.example.org', metric: 'org.nordugrid.ARC-CE-submit', status: 'CRITICAL', monitoringHost: null, summary: 'down', message: null, tags: null, actualData: null };
    await store.append({ tenant, category: 'probe', id: 'shard-0' }, [{ type: 'ProbeResultRecorded', data }], 'any');
    const ch = createClickHouse({ url: clickhouseUrl, database });
    const rows = await until(async () => {
      const r = await ch.query<{ hostname: string; status: string; timestamp: string }>(sql`SELECT hostname, status, toUnixTimestamp(timestamp) AS timestamp FROM metric_results WHERE tenant = ${tenant}`);
      return r.length > 0 ? r : undefined;
    });
    await ch.close();
    expect(rows).toEqual([{ hostname: 'ce.example.org', status: 'CRITICAL', timestamp: Date.UTC(2026, 10, 24, 12) / 1000 }]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/vigil_projector_events_total\{projector="metric-results"\} [1-9]/);
  });
});
