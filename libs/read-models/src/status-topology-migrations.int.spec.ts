import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '@vigil/testing';
import { ident, sql } from './sql-binder';

const db = useTestDatabase('vigil_status_topology_test');

const columnsOf = async (table: string) =>
  (await db.clickhouse.query<{ name: string; type: string }>(sql`DESCRIBE TABLE ${ident(table)}`)).map((c) => `${c.name} ${c.type}`);

const change = (overrides: Record<string, unknown> = {}) => ({
  tenant: 't1',
  level: 'endpoint',
  supergroup: 'NGI_A',
  endpoint_group: 'SITE-A',
  function: '',
  service: 'webdav',
  hostname: 'se.example.org',
  metric: '',
  status: 'CRITICAL',
  previous_status: 'OK',
  since: new Date('2024-03-31T10:00:00Z'),
  position: 100n,
  ...overrides,
});

const endpointRow = (overrides: Record<string, unknown> = {}) => ({
  tenant: 't1',
  endpoint_group: 'SITE-A',
  supergroup: 'NGI_A',
  service: 'webdav',
  hostname: 'se.example.org',
  monitored: 1,
  tags: '{}',
  valid_from: new Date('2024-03-01T00:00:00Z'),
  position: 10n,
  removed: 0,
  ...overrides,
});

describe('status migrations', () => {
  it('create status_history and status_current with the documented columns', async () => {
    const keys = ['tenant String', 'level String', 'supergroup String', 'endpoint_group String', 'function String',
      'service String', 'hostname String', 'metric String'];
    expect(await columnsOf('status_history')).toEqual([...keys, 'status String', 'previous_status String',
      'since DateTime', 'position UInt64']);
    expect(await columnsOf('status_current')).toEqual([...keys, 'status String', 'since DateTime', 'position UInt64']);
  });

  it('a redelivered batch of status changes leaves one history row per change under FINAL', async () => {
    const batch = [change({ position: 100n }), change({ position: 101n, status: 'OK', previous_status: 'CRITICAL' })];
    await db.clickhouse.insert('status_history', batch);
    await db.clickhouse.insert('status_history', batch);

    const rows = await db.clickhouse.query<{ status: string; position: string }>(
      sql`SELECT status, position FROM status_history FINAL WHERE tenant = 't1' ORDER BY position`,
    );
    expect(rows).toEqual([{ status: 'CRITICAL', position: '100' }, { status: 'OK', position: '101' }]);
  });

  it('partitions status history by month of since', async () => {
    await db.clickhouse.insert('status_history', [change({ tenant: 't2', since: new Date('2024-04-01T00:00:00Z'), position: 200n })]);
    const parts = await db.clickhouse.query<{ partition: string }>(
      sql`SELECT DISTINCT partition FROM system.parts WHERE database = ${db.database} AND table = 'status_history' AND active ORDER BY partition`,
    );
    expect(parts.map((p) => p.partition)).toEqual(['202403', '202404']);
  });

  it('status_current keeps the latest position per item, whatever the insert order', async () => {
    const current = ({ previous_status: _, ...row }: ReturnType<typeof change>) => row;
    await db.clickhouse.insert('status_current', [current(change({ tenant: 't3', status: 'WARNING', position: 302n }))]);
    await db.clickhouse.insert('status_current', [current(change({ tenant: 't3', status: 'CRITICAL', position: 301n }))]);
    await db.clickhouse.insert('status_current', [current(change({ tenant: 't3', level: 'metric', metric: 'm1', position: 300n }))]);

    const final = await db.clickhouse.query<{ level: string; status: string }>(
      sql`SELECT level, status FROM status_current FINAL WHERE tenant = 't3' ORDER BY level`,
    );
    const argMax = await db.clickhouse.query<{ level: string; status: string }>(sql`
      SELECT level, argMax(status, position) AS status FROM status_current WHERE tenant = 't3'
      GROUP BY tenant, level, supergroup, endpoint_group, function, service, hostname, metric ORDER BY level`);
    const expected = [{ level: 'endpoint', status: 'WARNING' }, { level: 'metric', status: 'CRITICAL' }];
    expect(final).toEqual(expected);
    expect(argMax).toEqual(expected);
  });
});

describe('topology migrations', () => {
  it('create topology_endpoints and topology_groups with the documented columns', async () => {
    expect(await columnsOf('topology_endpoints')).toEqual(['tenant String', 'endpoint_group String', 'supergroup String',
      'service String', 'hostname String', 'monitored UInt8', 'tags String', 'valid_from DateTime', 'position UInt64',
      'removed UInt8']);
    expect(await columnsOf('topology_groups')).toEqual(['tenant String', 'endpoint_group String', 'group_type String',
      'supergroup String', 'tags String', 'valid_from DateTime', 'position UInt64', 'removed UInt8']);
  });

  it('collapses a redelivered endpoint change and answers current and as-of reads from the history', async () => {
    const moved = endpointRow({ supergroup: 'NGI_B', valid_from: new Date('2024-03-10T00:00:00Z'), position: 20n });
    await db.clickhouse.insert('topology_endpoints', [endpointRow(), moved]);
    await db.clickhouse.insert('topology_endpoints', [moved]);
    await db.clickhouse.insert('topology_endpoints', [endpointRow({ hostname: 'gone.example.org', removed: 1,
      valid_from: new Date('2024-03-05T00:00:00Z'), position: 15n })]);
    await db.clickhouse.insert('topology_endpoints', [endpointRow({ hostname: 'gone.example.org', position: 12n })]);

    const final = await db.clickhouse.query<{ n: string }>(sql`SELECT count() AS n FROM topology_endpoints FINAL WHERE tenant = 't1'`);
    expect(final).toEqual([{ n: '4' }]);

    const asOf = (at: string) => db.clickhouse.query<{ hostname: string; supergroup: string }>(sql`
      SELECT hostname, supergroup FROM (
        SELECT hostname, argMax(supergroup, (valid_from, position)) AS supergroup, argMax(removed, (valid_from, position)) AS gone
        FROM topology_endpoints WHERE tenant = 't1' AND valid_from <= toDateTime(${at}, 'UTC')
        GROUP BY endpoint_group, service, hostname
      ) WHERE gone = 0 ORDER BY hostname`);
    expect(await asOf('2024-03-02 00:00:00')).toEqual([
      { hostname: 'gone.example.org', supergroup: 'NGI_A' },
      { hostname: 'se.example.org', supergroup: 'NGI_A' },
    ]);
    expect(await asOf('2030-01-01 00:00:00')).toEqual([{ hostname: 'se.example.org', supergroup: 'NGI_B' }]);
  });

  it('keeps a site and its NGI current under FINAL after a redelivered group change', async () => {
    const group = { tenant: 't1', endpoint_group: 'SITE-A', group_type: 'SITES', supergroup: 'NGI_A', tags: '{}',
      valid_from: new Date('2024-03-01T00:00:00Z'), position: 10n, removed: 0 };
    await db.clickhouse.insert('topology_groups', [group]);
    await db.clickhouse.insert('topology_groups', [group]);
    const rows = await db.clickhouse.query<{ supergroup: string }>(sql`SELECT supergroup FROM topology_groups FINAL WHERE tenant = 't1'`);
    expect(rows).toEqual([{ supergroup: 'NGI_A' }]);
  });
});
