import type { ClickHouse, InsertRow } from '../clickhouse';

/** A projector sink that inserts each write's rows into one table; tables are keyed so a redelivery is harmless. */
export const tableSink = <R extends object>(clickhouse: ClickHouse, table: string) => ({
  write: async (rows: readonly R[]): Promise<void> => {
    if (rows.length > 0) await clickhouse.insert(table, rows as unknown as readonly InsertRow[]);
  },
});
