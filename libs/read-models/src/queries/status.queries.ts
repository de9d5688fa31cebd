import type { ClickHouse } from '../clickhouse';
import { join, raw, sql, type SqlFragment } from '../sql-binder';

/** Levels of status_history/status_current (the status engine's tree). */
export type StatusLevel = 'metric' | 'endpoint' | 'service' | 'function' | 'group' | 'supergroup';

/** An item's identity; keys that do not apply to its level are ''. */
export interface StatusKey {
  supergroup: string;
  endpoint_group: string;
  function: string;
  service: string;
  hostname: string;
  metric: string;
}

/** Which items of one level, in key order after `after`, at most `limit` of them. */
export interface StatusSelection {
  level: StatusLevel;
  supergroup?: string;
  endpointGroup?: string;
  service?: string;
  hostname?: string;
  metric?: string;
  /** Keep items whose status is this one (in a range: that had it at some point). */
  status?: string;
  after?: StatusKey;
  limit: number;
}

export interface StatusNow extends StatusKey {
  status: string;
  /** Epoch seconds the status holds since. */
  since: number;
}

export interface StatusTimelineRow extends StatusKey {
  /** The status at the start of the range ('' when the item had none then). */
  initial: string;
  /** Changes after the start, up to the end, in order: [epoch seconds, status]. */
  changes: [number, string][];
}

/**
 * Items sort by these columns (names before their parents' names, so a level's list reads by
 * name); every level's key is the full tuple, its unused columns being ''.
 */
export const STATUS_SORT_COLUMNS = ['endpoint_group', 'service', 'hostname', 'metric', 'function', 'supergroup'] as const;
const ORDER = STATUS_SORT_COLUMNS;
const orderColumns = raw(ORDER.join(', '));
const keyColumns = raw('supergroup, endpoint_group, function, service, hostname, metric');

function keyConditions(s: StatusSelection): SqlFragment {
  const conditions: SqlFragment[] = [sql`level = ${s.level}`];
  if (s.supergroup !== undefined) conditions.push(sql`supergroup = ${s.supergroup}`);
  if (s.endpointGroup !== undefined) conditions.push(sql`endpoint_group = ${s.endpointGroup}`);
  if (s.service !== undefined) conditions.push(sql`service = ${s.service}`);
  if (s.hostname !== undefined) conditions.push(sql`hostname = ${s.hostname}`);
  if (s.metric !== undefined) conditions.push(sql`metric = ${s.metric}`);
  // Keyset paging: a tuple comparison in the sort order, stable while items come and go.
  if (s.after) conditions.push(sql`(${orderColumns}) > (${join(ORDER.map((c) => s.after![c]))})`);
  return join(conditions, raw(' AND '));
}

/** The current status of each item (status_current; '' = the item left the tree, so it is left out). */
export async function currentStatuses(ch: ClickHouse, tenant: string, s: StatusSelection): Promise<StatusNow[]> {
  const statusFilter = s.status === undefined ? raw('') : sql` AND now_status = ${s.status}`;
  const rows = await ch.query<StatusKey & { now_status: string; now_since: number }>(sql`
    SELECT ${keyColumns}, argMax(status, position) AS now_status, toUInt32(argMax(since, position)) AS now_since
    FROM status_current
    WHERE tenant = ${tenant} AND ${keyConditions(s)}
    GROUP BY ${keyColumns}
    HAVING now_status != ''${statusFilter}
    ORDER BY ${orderColumns}
    LIMIT ${s.limit}`);
  return rows.map(({ now_status, now_since, ...key }) => ({ ...key, status: now_status, since: Number(now_since) }));
}

/** The status each item had at `at`: its latest change since <= at (status_history). */
export async function statusesAt(ch: ClickHouse, tenant: string, s: StatusSelection, at: Date): Promise<StatusNow[]> {
  const statusFilter = s.status === undefined ? raw('') : sql` AND then_status = ${s.status}`;
  const rows = await ch.query<StatusKey & { then_status: string; then_since: number }>(sql`
    SELECT ${keyColumns}, argMax(status, position) AS then_status, toUInt32(argMax(since, position)) AS then_since
    FROM status_history
    WHERE tenant = ${tenant} AND ${keyConditions(s)} AND since <= ${at}
    GROUP BY ${keyColumns}
    HAVING then_status != ''${statusFilter}
    ORDER BY ${orderColumns}
    LIMIT ${s.limit}`);
  return rows.map(({ then_status, then_since, ...key }) => ({ ...key, status: then_status, since: Number(then_since) }));
}

/** Each item's status at `start` and its changes in (start, end]: the items that had a status in the range. */
export async function statusTimelines(ch: ClickHouse, tenant: string, s: StatusSelection, start: Date, end: Date): Promise<StatusTimelineRow[]> {
  const statusFilter =
    s.status === undefined ? raw('') : sql` AND (initial = ${s.status} OR has(arrayMap(c -> tupleElement(c, 3), changes), ${s.status}))`;
  // FINAL: a redelivered change has the same key and must not appear twice in a timeline.
  const rows = await ch.query<StatusKey & { initial: string; changes: [number, string, string][] }>(sql`
    SELECT ${keyColumns},
      argMaxIf(status, position, since <= ${start}) AS initial,
      arraySort(c -> (tupleElement(c, 1), tupleElement(c, 2)), groupArrayIf((toUInt32(since), position, status), since > ${start})) AS changes
    FROM status_history FINAL
    WHERE tenant = ${tenant} AND ${keyConditions(s)} AND since <= ${end}
    GROUP BY ${keyColumns}
    HAVING (initial != '' OR length(changes) > 0)${statusFilter}
    ORDER BY ${orderColumns}
    LIMIT ${s.limit}`);
  return rows.map(({ initial, changes, ...key }) => ({ ...key, initial, changes: changes.map(([at, , status]) => [Number(at), status] as [number, string]) }));
}
