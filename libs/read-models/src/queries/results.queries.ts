import type { ClickHouse } from '../clickhouse';
import { join, raw, sql, type SqlFragment } from '../sql-binder';

/** Levels of ar_daily the results API reads (function rows are not exposed). */
export type ArResultLevel = 'endpoint' | 'service' | 'group' | 'supergroup';
/** Levels of flapping_daily. */
export type FlappingLevel = 'endpoint' | 'service' | 'function' | 'group' | 'supergroup';

/** An A/R item's identity; keys that do not apply to its level are ''. */
export interface ArItemKey {
  supergroup: string;
  endpoint_group: string;
  function: string;
  service: string;
  hostname: string;
}

/** Items sort by these columns (a level's list reads by name); the full tuple is the paging key. */
export const AR_SORT_COLUMNS = ['endpoint_group', 'service', 'hostname', 'function', 'supergroup'] as const;
const orderColumns = raw(AR_SORT_COLUMNS.join(', '));
const keyColumns = raw('supergroup, endpoint_group, function, service, hostname');

/** Which items of one level, in key order after `after`, at most `limit`, over the days first..last (YYYY-MM-DD, inclusive). */
export interface ArSelection {
  level: ArResultLevel;
  supergroup?: string;
  endpointGroup?: string;
  service?: string;
  hostname?: string;
  after?: ArItemKey;
  limit: number;
  firstDay: string;
  lastDay: string;
}

/** One day's row of ar_daily (the latest version): -1 where undefined. */
export interface ArDailyRow {
  day: string;
  availability: number;
  reliability: number;
  up: number;
  unknown: number;
  down: number;
  final: boolean;
}

export interface ArItemDays extends ArItemKey {
  /** In day order. */
  days: ArDailyRow[];
}

function conditions(level: string, s: Omit<ArSelection, 'level' | 'limit' | 'after'> & { after?: ArItemKey }): SqlFragment {
  const parts: SqlFragment[] = [sql`level = ${level}`, sql`day >= toDate(${s.firstDay})`, sql`day <= toDate(${s.lastDay})`];
  if (s.supergroup !== undefined) parts.push(sql`supergroup = ${s.supergroup}`);
  if (s.endpointGroup !== undefined) parts.push(sql`endpoint_group = ${s.endpointGroup}`);
  if (s.service !== undefined) parts.push(sql`service = ${s.service}`);
  if (s.hostname !== undefined) parts.push(sql`hostname = ${s.hostname}`);
  // Keyset paging: a tuple comparison in the sort order.
  if (s.after) parts.push(sql`(${orderColumns}) > (${join(AR_SORT_COLUMNS.map((c) => s.after![c]))})`);
  return join(parts, raw(' AND '));
}

type DayTuple = [string, number, number, number, number, number, number];

/** A page of items with their daily A/R rows in the range (argMax by position: the latest version of each day). */
export async function arDailyItems(ch: ClickHouse, tenant: string, s: ArSelection): Promise<ArItemDays[]> {
  const rows = await ch.query<ArItemKey & { days: DayTuple[] }>(sql`
    SELECT ${keyColumns},
      arraySort(d -> tupleElement(d, 1), groupArray((toString(day), v_availability, v_reliability, v_up, v_unknown, v_down, v_final))) AS days
    FROM (
      SELECT ${keyColumns}, day,
        argMax(availability, position) AS v_availability, argMax(reliability, position) AS v_reliability,
        argMax(up, position) AS v_up, argMax(unknown, position) AS v_unknown, argMax(down, position) AS v_down,
        argMax(final, position) AS v_final
      FROM ar_daily
      WHERE tenant = ${tenant} AND ${conditions(s.level, s)} AND (${keyColumns}) IN (
        -- The page's items first, so only their days are read and gathered.
        SELECT ${keyColumns} FROM ar_daily
        WHERE tenant = ${tenant} AND ${conditions(s.level, s)}
        GROUP BY ${keyColumns}
        ORDER BY ${orderColumns}
        LIMIT ${s.limit})
      GROUP BY ${keyColumns}, day
    )
    GROUP BY ${keyColumns}
    ORDER BY ${orderColumns}`);
  return rows.map(({ days, ...key }) => ({
    ...key,
    days: days.map(([day, availability, reliability, up, unknown, down, final]) => ({
      day,
      availability: Number(availability),
      reliability: Number(reliability),
      up: Number(up),
      unknown: Number(unknown),
      down: Number(down),
      final: Number(final) === 1,
    })),
  }));
}

export interface FlappingSelection {
  level: FlappingLevel;
  supergroup?: string;
  endpointGroup?: string;
  firstDay: string;
  lastDay: string;
  top: number;
}

export interface FlappingItem extends ArItemKey {
  /** Status changes over the range. */
  changes: number;
  /** Days with a row in the range. */
  days: number;
}

/** The items with the most status changes over the range (flapping_daily), most first; items that never changed are left out. */
export async function flappingItems(ch: ClickHouse, tenant: string, s: FlappingSelection): Promise<FlappingItem[]> {
  const rows = await ch.query<ArItemKey & { changes: number | string; days: number | string }>(sql`
    SELECT ${keyColumns}, sum(v_flipflops) AS changes, count() AS days
    FROM (
      SELECT ${keyColumns}, day, argMax(flipflops, position) AS v_flipflops
      FROM flapping_daily
      WHERE tenant = ${tenant} AND ${conditions(s.level, s)}
      GROUP BY ${keyColumns}, day
    )
    GROUP BY ${keyColumns}
    HAVING changes > 0
    ORDER BY changes DESC, ${orderColumns}
    LIMIT ${s.top}`);
  return rows.map((r) => ({ ...r, changes: Number(r.changes), days: Number(r.days) }));
}
