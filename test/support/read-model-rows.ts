import { ident, sql, type ClickHouse } from '@vigil/read-models';

/**
 * Every table's deduplicated rows (FINAL where the engine merges versions) in a stable order, without
 * the columns the server fills at insert time: what "identical read models" compares.
 */
export async function readModelRows(ch: ClickHouse, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const [{ engine }] = await ch.query<{ engine: string }>(sql`SELECT engine FROM system.tables WHERE database = ${ch.database!} AND name = ${t}`);
    const loadTimes = await ch.query<{ name: string }>(sql`SELECT name FROM system.columns WHERE database = ${ch.database!} AND table = ${t} AND default_expression LIKE '%now(%'`);
    const rows = await ch.query<Record<string, unknown>>(/^(Replacing|Collapsing|VersionedCollapsing|Summing|Aggregating)MergeTree/.test(engine) ? sql`SELECT * FROM ${ident(t)} FINAL` : sql`SELECT * FROM ${ident(t)}`);
    for (const r of rows) for (const { name } of loadTimes) delete r[name];
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
