import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@vigil/event-store';
import { createClickHouse, sql } from '@vigil/read-models';
import { EVENT_STORE } from '@vigil/platform';
import { clickhouseUrl } from '../support/servers';
import { randomPlatformDatabase, startPlatformApp, type PlatformTestApp } from '../support/platform-app';

const database = randomPlatformDatabase('vigil_e2e');

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
  let platform: PlatformTestApp;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    platform = await startPlatformApp(database);
    ({ app, base } = platform);
  }, 60_000);

  afterAll(() => platform.close());

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
