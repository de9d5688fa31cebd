import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '@vigil/testing';
import { sql } from './sql-binder';

const db = useTestDatabase('vigil_product_test');

const result = (overrides: Record<string, unknown> = {}) => ({
  tenant: 'egi',
  timestamp: new Date('2024-03-31T23:59:00Z'),
  service: 'webdav',
  hostname: 'se.example.org',
  metric: 'webdav-probe',
  status: 'OK',
  monitoring_host: 'mon1.example.org',
  summary: 'ok',
  message: 'all good',
  actual_data: '',
  tags: JSON.stringify({ scope: 'EGI' }),
  endpoint_group: 'SITE-A',
  known_endpoint: 1,
  event_id: 'e-1',
  position: 10n,
  recorded_at: new Date('2024-04-01T00:00:05Z'),
  ...overrides,
});

describe('product migrations', () => {
  it('creates metric_results with the documented columns', async () => {
    const columns = await db.clickhouse.query<{ name: string; type: string }>(
      sql`DESCRIBE TABLE metric_results`, // 18.16's system.columns has no position column to order by
    );
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'tenant String', 'timestamp DateTime', 'service String', 'hostname String', 'metric String', 'status String',
      'monitoring_host String', 'summary String', 'message String', 'actual_data String', 'tags String',
      'endpoint_group String', 'known_endpoint UInt8', 'event_id String', 'position UInt64', 'recorded_at DateTime',
    ]);
  });

  it('stores a late duplicate of the same probe result once, keeping the latest position', async () => {
    await db.clickhouse.insert('metric_results', [result()]);
    await db.clickhouse.insert('metric_results', [result({ position: 42n, event_id: 'e-2', recorded_at: new Date('2024-04-02T00:00:00Z') })]);
    await db.clickhouse.insert('metric_results', [result({ monitoring_host: 'mon2.example.org', position: 11n })]);
    await db.clickhouse.command(sql`OPTIMIZE TABLE metric_results FINAL`);

    const rows = await db.clickhouse.query<{ monitoring_host: string; position: string; event_id: string }>(
      sql`SELECT monitoring_host, position, event_id FROM metric_results ORDER BY monitoring_host`,
    );
    expect(rows).toEqual([
      { monitoring_host: 'mon1.example.org', position: '42', event_id: 'e-2' },
      { monitoring_host: 'mon2.example.org', position: '11', event_id: 'e-1' },
    ]);
  });

  it('partitions results by month of the probe timestamp', async () => {
    await db.clickhouse.insert('metric_results', [result({ timestamp: new Date('2024-04-01T00:01:00Z'), position: 50n })]);
    const parts = await db.clickhouse.query<{ partition: string }>(
      sql`SELECT DISTINCT partition FROM system.parts WHERE database = ${db.database} AND table = 'metric_results' AND active ORDER BY partition`,
    );
    expect(parts.map((p) => p.partition)).toEqual(['202403', '202404']);
  });
});
