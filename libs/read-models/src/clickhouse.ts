import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { ident, type SqlFragment } from './sql-binder';

/**
 * A small ClickHouse client that works on 18.16 and current servers.
 * Options of @clickhouse/client 1.23.1 verified against 18.16:
 * - insert always passes `format: 'JSONEachRow'`: the default JSONCompactEachRow is "Unknown format" (Code 73).
 * - no `query_params`: 18.16 rejects them as "Unknown setting param_x" (Code 115); values go through sql``.
 * - `output_format_json_quote_64bit_integers=1` is sent so (U)Int64 arrive as exact strings on every version.
 * - logging is OFF: the client would print every failed query; ClickHouseQueryError carries it instead.
 * - gzip `compression` works on 18.16 but stays off (loopback/LAN traffic).
 */
export interface ClickHouseOptions {
  url: string;
  /** Omit for server-level statements such as CREATE DATABASE. */
  database?: string;
  username?: string;
  password?: string;
  requestTimeoutMs?: number;
}

export type InsertRow = Readonly<Record<string, unknown>>;

export interface ClickHouse {
  readonly database: string | undefined;
  /** Runs a statement whose output is not needed (DDL, INSERT ... SELECT). */
  command(statement: SqlFragment): Promise<void>;
  /** Runs a SELECT and returns its rows; (U)Int64 columns arrive as strings. */
  query<T>(statement: SqlFragment): Promise<T[]>;
  /** Inserts rows as JSONEachRow; Date values become DateTime seconds, bigints exact strings. */
  insert<R extends object = InsertRow>(table: string, rows: readonly R[]): Promise<void>;
  /** True when the server answers /ping. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A failed statement with its SQL and the server's message; `code` is parsed from "Code: NNN" text. */
export class ClickHouseQueryError extends Error {
  override readonly name = 'ClickHouseQueryError';

  constructor(
    readonly sql: string,
    readonly serverMessage: string,
    readonly code: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${serverMessage}\n  in SQL: ${abbreviate(sql)}`, options);
  }
}

/** 18.16 errors carry no code property, only text like "Code: 60, e.displayText() = ...". */
export function parseErrorCode(message: string): number | undefined {
  const match = /\bCode: (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

export function createClickHouse(options: ClickHouseOptions): ClickHouse {
  const client = createClient({
    url: options.url,
    database: options.database,
    username: options.username ?? 'default',
    password: options.password ?? '',
    request_timeout: options.requestTimeoutMs,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
    log: { level: ClickHouseLogLevel.OFF },
  });
  return {
    database: options.database,
    command: (statement) => guarded(statement.text, () => runCommand(client, statement.text)),
    query: <T>(statement: SqlFragment) => guarded(statement.text, () => runQuery<T>(client, statement.text)),
    insert: (table, rows) => insertRows(client, table, rows as unknown as readonly InsertRow[]),
    ping: async () => (await client.ping()).success,
    close: () => client.close(),
  };
}

async function runCommand(client: ClickHouseClient, query: string): Promise<void> {
  await client.command({ query });
}

async function runQuery<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

async function insertRows(client: ClickHouseClient, table: string, rows: readonly InsertRow[]): Promise<void> {
  const target = ident(...table.split('.')).text; // the client splices the table name into SQL unescaped
  const sql = `INSERT INTO ${target} FORMAT JSONEachRow`;
  if (rows.length === 0) return;
  const values = rows.map(toJsonRow);
  await guarded(sql, () => client.insert({ table: target, values, format: 'JSONEachRow' }));
}

// JSON.stringify would send a Date as ISO text, which 18.16 cannot parse as DateTime, and throws on bigint.
// One shallow copy (V8 clones the row's shape at once) converted in place: measured cheaper than a new object
// built from Object.entries, which allocates a pair per field (row preparation was ~15 % of a replay's CPU).
export function toJsonRow(row: InsertRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const key in out) {
    const value = out[key];
    if (typeof value === 'bigint') out[key] = value.toString();
    else if (value instanceof Date) out[key] = Math.floor(value.getTime() / 1000);
  }
  return out;
}

async function guarded<T>(sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toQueryError(sql, err);
  }
}

function toQueryError(sql: string, err: unknown): ClickHouseQueryError {
  const message = err instanceof Error ? err.message.trim() : String(err);
  const known = (err as { code?: unknown } | null)?.code;
  const code = typeof known === 'string' && /^\d+$/.test(known) ? Number(known) : parseErrorCode(message);
  return new ClickHouseQueryError(sql, message, code, { cause: err });
}

function abbreviate(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}
