import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseQueryError, createClickHouse } from './clickhouse';
import { ident, sql } from './sql-binder';
import { clickhouseUrl, randomRun } from '../../../test/support/servers';

const database = `vigil_client_test_${randomRun(6)}`;
const server = createClickHouse({ url: clickhouseUrl });
const ch = createClickHouse({ url: clickhouseUrl, database });

beforeAll(async () => {
  await server.command(sql`CREATE DATABASE ${ident(database)}`);
  await ch.command(sql`CREATE TABLE probes (tenant String, at DateTime, position UInt64) ENGINE = MergeTree ORDER BY tenant`);
});
afterAll(async () => {
  await server.command(sql`DROP DATABASE IF EXISTS ${ident(database)}`);
  await Promise.all([server.close(), ch.close()]);
});

describe('ClickHouse client', () => {
  it('answers ping on a live server and reports false on a dead one', async () => {
    expect(await ch.ping()).toBe(true);
    const dead = createClickHouse({ url: 'http://127.0.0.1:1' });
    expect(await dead.ping()).toBe(false);
    await dead.close();
  });

  it('inserts rows with Date and bigint values and reads them back exactly', async () => {
    const at = new Date('2024-05-01T12:00:00Z');
    await ch.insert('probes', [{ tenant: "o'neil", at, position: 9007199254740993n }]);
    const rows = await ch.query<{ tenant: string; at: number; position: string }>(
      sql`SELECT tenant, toUnixTimestamp(at) AS at, position FROM probes WHERE tenant = ${"o'neil"}`,
    );
    expect(rows).toEqual([{ tenant: "o'neil", at: at.getTime() / 1000, position: '9007199254740993' }]);
  });

  it('inserts into a database-qualified table and ignores an empty batch', async () => {
    await ch.insert(`${database}.probes`, [{ tenant: 'qualified', at: new Date(0), position: 1 }]);
    await ch.insert('probes', []);
    const rows = await ch.query<{ n: string }>(sql`SELECT count() AS n FROM probes WHERE tenant = ${'qualified'}`);
    expect(rows[0].n).toBe('1');
  });

  it('refuses a table name that is not an identifier', async () => {
    await expect(ch.insert('probes; DROP TABLE probes', [{ tenant: 'x' }])).rejects.toThrow(/invalid SQL identifier/);
  });

  it('reports a failing statement with its SQL, the server message and the parsed code', async () => {
    const error = await ch.query(sql`SELECT * FROM no_such_table`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseQueryError);
    const queryError = error as ClickHouseQueryError;
    expect(queryError.code).toBe(60); // UNKNOWN_TABLE
    expect(queryError.sql).toBe('SELECT * FROM no_such_table');
    expect(queryError.serverMessage).toMatch(/no_such_table/);
    expect(queryError.message).toMatch(/in SQL: SELECT \* FROM no_such_table/);
  });
});
