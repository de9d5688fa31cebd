import { join, raw, sql, type ClickHouse, type SqlFragment } from '@vigil/read-models';
import type { MetricData } from './metric-data';

export interface MetricResultsFilter {
  hostname?: string;
  service?: string;
  metric?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit: number;
  cursor?: MetricResultsCursor;
}

/** Where the previous page ended: its last row's sort key. */
export type MetricResultsCursor = [timestamp: number, hostname: string, service: string, metric: string, monitoringHost: string];

export interface MetricResultsPage {
  items: Required<MetricData>[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class InvalidCursor extends Error {}

export const encodeCursor = (c: MetricResultsCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(text: string): MetricResultsCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('cursor is not one this API returned');
  }
  const ok = Array.isArray(value) && value.length === 5 && Number.isInteger(value[0]) && value.slice(1).every((v) => typeof v === 'string');
  if (!ok) throw new InvalidCursor('cursor is not one this API returned');
  return value as MetricResultsCursor;
}

interface Row {
  ts: number;
  hostname: string;
  service: string;
  metric: string;
  monitoring_host: string;
  status: string;
  summary: string;
  message: string;
  tags: string;
  actual_data: string;
}

// Rows sort by time, then by the rest of the result key: a total order, so keyset paging skips nothing.
const after = ([ts, hostname, service, metric, mon]: MetricResultsCursor): SqlFragment =>
  sql`(timestamp > toDateTime(${ts}) OR (timestamp = toDateTime(${ts}) AND (hostname > ${hostname} OR (hostname = ${hostname} AND (service > ${service} OR (service = ${service} AND (metric > ${metric} OR (metric = ${metric} AND monitoring_host > ${mon}))))))))`;

/** Deduplicated (FINAL) probe results of a tenant, in ARGO's field names, one page at a time. */
export async function listMetricResults(ch: ClickHouse, tenant: string, f: MetricResultsFilter): Promise<MetricResultsPage> {
  const where: SqlFragment[] = [sql`tenant = ${tenant}`];
  if (f.hostname !== undefined) where.push(sql`hostname = ${f.hostname}`);
  if (f.service !== undefined) where.push(sql`service = ${f.service}`);
  if (f.metric !== undefined) where.push(sql`metric = ${f.metric}`);
  if (f.from) where.push(sql`timestamp >= ${f.from}`);
  if (f.to) where.push(sql`timestamp < ${f.to}`);
  if (f.cursor) where.push(after(f.cursor));
  const rows = await ch.query<Row>(sql`
    SELECT toUnixTimestamp(timestamp) AS ts, hostname, service, metric, monitoring_host, status, summary, message, tags, actual_data
    FROM metric_results FINAL
    WHERE ${join(where, raw(' AND '))}
    ORDER BY timestamp, hostname, service, metric, monitoring_host
    LIMIT ${f.limit + 1}`);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toMetricData),
    nextCursor: rows.length > f.limit ? encodeCursor([Number(last.ts), last.hostname, last.service, last.metric, last.monitoring_host]) : null,
  };
}

const orNull = (s: string): string | null => (s === '' ? null : s);

function toMetricData(r: Row): Required<MetricData> {
  return {
    timestamp: new Date(Number(r.ts) * 1000).toISOString().replace('.000Z', 'Z'),
    service: r.service,
    hostname: r.hostname,
    metric: r.metric,
    status: r.status,
    monitoring_host: orNull(r.monitoring_host),
    summary: orNull(r.summary),
    message: orNull(r.message),
    tags: r.tags === '' ? null : (JSON.parse(r.tags) as Record<string, string | null>),
    actual_data: orNull(r.actual_data),
  };
}
