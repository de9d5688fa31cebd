import { ident, join, raw, sql, type ClickHouse } from '@vigil/read-models';

export const SHADOW_SUFFIX = '__replay';
export const OLD_SUFFIX = '__old';

/** The same client, with every insert redirected to the table's shadow (`<table>__replay`). */
export const shadowClickHouse = (clickhouse: ClickHouse): ClickHouse => ({
  ...clickhouse,
  database: clickhouse.database,
  insert: (table, rows) => clickhouse.insert(`${table}${SHADOW_SUFFIX}`, rows),
});

function database(clickhouse: ClickHouse): string {
  if (!clickhouse.database) throw new Error('replay needs a ClickHouse client bound to a database');
  return clickhouse.database;
}

export async function tableExists(clickhouse: ClickHouse, table: string): Promise<boolean> {
  const rows = await clickhouse.query<{ n: string }>(sql`SELECT count() AS n FROM system.tables WHERE database = ${database(clickhouse)} AND name = ${table}`);
  return Number(rows[0].n) > 0;
}

/** Creates `<table>__replay` with the live table's definition (SHOW CREATE TABLE, renamed); kept if it exists. */
export async function createShadow(clickhouse: ClickHouse, table: string): Promise<void> {
  const db = database(clickhouse);
  const [{ statement }] = await clickhouse.query<{ statement: string }>(sql`SHOW CREATE TABLE ${ident(db, table)}`);
  // Everything before the column list is `CREATE TABLE <db>.<table>` in whatever quoting the server uses.
  const columns = statement.indexOf('(');
  if (!/^CREATE TABLE\b/.test(statement) || columns < 0) throw new Error(`unexpected definition of ${table}: ${statement.slice(0, 80)}`);
  await clickhouse.command(sql`CREATE TABLE IF NOT EXISTS ${ident(db, `${table}${SHADOW_SUFFIX}`)} ${raw(statement.slice(columns))}`);
}

export async function dropTable(clickhouse: ClickHouse, table: string): Promise<void> {
  await clickhouse.command(sql`DROP TABLE IF EXISTS ${ident(database(clickhouse), table)}`);
}

/** Keeps the live rows outside the rebuilt window: `position < from` (a `--from` replay). */
export async function copyRowsBefore(clickhouse: ClickHouse, table: string, position: number): Promise<void> {
  const db = database(clickhouse);
  await clickhouse.command(sql`INSERT INTO ${ident(db, `${table}${SHADOW_SUFFIX}`)} SELECT * FROM ${ident(db, table)} WHERE position < ${position}`);
}

/**
 * Swaps the shadows in: ONE `RENAME TABLE live TO live__old, shadow TO live, ...` for the group
 * (ClickHouse runs a RENAME under its DDL lock, so no query sees a half-swapped group; checked on 18.16).
 * Then the rows the live projector wrote past the replayed position (into the old table, before the swap)
 * are copied over, and the old tables dropped. Idempotent: a rerun after a crash finishes what is left.
 */
export async function swapShadows(clickhouse: ClickHouse, tables: readonly string[], throughPosition: number): Promise<void> {
  const db = database(clickhouse);
  const pending: string[] = [];
  for (const t of tables) if (await tableExists(clickhouse, `${t}${SHADOW_SUFFIX}`)) pending.push(t);
  if (pending.length > 0) {
    // An old table here would be an unfinished earlier swap: its rows must not be dropped unseen.
    for (const t of pending) if (await tableExists(clickhouse, `${t}${OLD_SUFFIX}`)) throw new Error(`${db}.${t}${OLD_SUFFIX} exists: an earlier swap did not finish; rerun that replay or inspect the table`);
    const renames = pending.flatMap((t) => [sql`${ident(db, t)} TO ${ident(db, `${t}${OLD_SUFFIX}`)}`, sql`${ident(db, `${t}${SHADOW_SUFFIX}`)} TO ${ident(db, t)}`]);
    await clickhouse.command(sql`RENAME TABLE ${join(renames)}`);
  }
  for (const t of tables) {
    if (!(await tableExists(clickhouse, `${t}${OLD_SUFFIX}`))) continue;
    // Same keys and positions as the live projector's rows: a copy run twice collapses on merge.
    await clickhouse.command(sql`INSERT INTO ${ident(db, t)} SELECT * FROM ${ident(db, `${t}${OLD_SUFFIX}`)} WHERE position > ${throughPosition}`);
    await dropTable(clickhouse, `${t}${OLD_SUFFIX}`);
  }
}
