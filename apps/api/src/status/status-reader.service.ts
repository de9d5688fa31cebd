import { Inject, Injectable } from '@nestjs/common';
import { CLICKHOUSE } from '@vigil/platform';
import {
  currentStatuses,
  STATUS_SORT_COLUMNS,
  statusesAt,
  statusTimelines,
  supergroupsOfSites,
  type ClickHouse,
  type StatusKey,
  type StatusNow,
  type StatusSelection,
  type StatusTimelineRow,
} from '@vigil/read-models';
import { badRequest } from '../registry/shared/http-errors';
import { GroupTypes } from './group-types.cache';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor';
import { DEFAULT_STATUS_LIMIT, type StatusQueryDto } from './status-query.dto';
import type { StatusPointDto } from './status-response.dto';

const DAY_S = 86_400;
// DateTime holds 1970..2106: a time outside it cannot be asked of the read models.
const MIN_TIME = 0;
const MAX_TIME = Date.UTC(2105, 11, 31);

/** Now, a point in time, or a timeline over [start, end] closed at `closing` (epoch seconds). */
export type StatusMode = { kind: 'current' } | { kind: 'at'; at: Date } | { kind: 'range'; start: Date; end: Date; closing: number };

export interface StatusItem {
  key: StatusKey;
  statuses: StatusPointDto[];
}

export interface StatusItemPage {
  items: StatusItem[];
  nextCursor: string | null;
}

/** Which items of a level, named by the path; paging and time come from the query. */
export type StatusPath = Omit<StatusSelection, 'status' | 'after' | 'limit'>;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

function time(field: string, value: string): Date {
  const date = new Date(value);
  if (date.getTime() < MIN_TIME || date.getTime() > MAX_TIME) throw badRequest(field, 'must be between 1970 and 2105');
  return date;
}

/** The mode a query asks for; 400 naming the field when at/start_time/end_time do not fit together. */
export function modeOf(q: StatusQueryDto, nowMs: number): StatusMode {
  if (q.at !== undefined) {
    if (q.start_time !== undefined || q.end_time !== undefined) throw badRequest('at', 'cannot be combined with start_time/end_time: ask for a point in time or a range');
    return { kind: 'at', at: time('at', q.at) };
  }
  if (q.start_time === undefined && q.end_time === undefined) return { kind: 'current' };
  if (q.start_time === undefined) throw badRequest('start_time', 'is required with end_time');
  if (q.end_time === undefined) throw badRequest('end_time', 'is required with start_time');
  const start = time('start_time', q.start_time);
  const end = time('end_time', q.end_time);
  if (start >= end) throw badRequest('end_time', 'must be after start_time');
  // ARGO closes a timeline at 23:59:59 of its last day, or now while that day is not over.
  const endSeconds = Math.floor(end.getTime() / 1000);
  const dayClose = endSeconds - (endSeconds % DAY_S) + DAY_S - 1;
  return { kind: 'range', start, end, closing: Math.min(dayClose, Math.floor(nowMs / 1000)) };
}

/** The points of a timeline: the status at the start, each change, and the closing point; '' (out of the tree) is left out. */
export function timelinePoints(row: StatusTimelineRow, start: Date, closing: number): StatusPointDto[] {
  const raw: [number, string][] = [[Math.floor(start.getTime() / 1000), row.initial], ...row.changes];
  const points: StatusPointDto[] = [];
  for (const [at, value] of raw) {
    if (value !== '' && points[points.length - 1]?.value !== value) points.push({ timestamp: iso(at), value });
  }
  const last = raw[raw.length - 1][1];
  if (last !== '' && points.length > 0) points.push({ timestamp: iso(Math.max(closing, raw[raw.length - 1][0])), value: last });
  return points;
}

const keyOf = (row: StatusKey): StatusKey => ({
  supergroup: row.supergroup,
  endpoint_group: row.endpoint_group,
  function: row.function,
  service: row.service,
  hostname: row.hostname,
  metric: row.metric,
});

/** Status items of the tenant's read models, page by page, now / as of a time / over a range. */
@Injectable()
export class StatusReader {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    private readonly types: GroupTypes,
  ) {}

  async page(tenant: string, path: StatusPath, q: StatusQueryDto): Promise<StatusItemPage> {
    const mode = modeOf(q, Date.now());
    const limit = q.limit ?? DEFAULT_STATUS_LIMIT;
    const after = q.cursor === undefined ? undefined : this.afterKey(q.cursor);
    const selection: StatusSelection = { ...path, status: q.status, after, limit: limit + 1 };
    const items = await this.items(tenant, selection, mode);
    const more = items.length > limit;
    const shown = items.slice(0, limit);
    const last = shown[shown.length - 1]?.key;
    return { items: shown, nextCursor: more && last ? encodeKeyCursor(STATUS_SORT_COLUMNS.map((c) => last[c])) : null };
  }

  /** ARGO type of each endpoint group: its topology group type, else a service group. */
  async groupTypes(tenant: string, names: string[]): Promise<Map<string, string>> {
    return this.types.of(tenant, names);
  }

  /** ARGO type of each supergroup: NGI when it holds sites, else PROJECT. */
  async supergroupTypes(tenant: string, names: string[]): Promise<(name: string) => string> {
    const ngis = await supergroupsOfSites(this.clickhouse, tenant, [...new Set(names)]);
    return (name) => (ngis.has(name) ? 'NGI' : 'PROJECT');
  }

  private async items(tenant: string, s: StatusSelection, mode: StatusMode): Promise<StatusItem[]> {
    const point = (r: StatusNow): StatusItem => ({ key: keyOf(r), statuses: [{ timestamp: iso(r.since), value: r.status }] });
    switch (mode.kind) {
      case 'current':
        return (await currentStatuses(this.clickhouse, tenant, s)).map(point);
      case 'at':
        return (await statusesAt(this.clickhouse, tenant, s, mode.at)).map(point);
      case 'range': {
        const rows = await statusTimelines(this.clickhouse, tenant, s, mode.start, mode.end);
        return rows.map((r) => ({ key: keyOf(r), statuses: timelinePoints(r, mode.start, mode.closing) })).filter((i) => i.statuses.length > 0);
      }
    }
  }

  private afterKey(cursor: string): StatusKey {
    const parts = decodeKeyCursor(cursor, STATUS_SORT_COLUMNS.length);
    const key = {} as StatusKey;
    STATUS_SORT_COLUMNS.forEach((column, i) => (key[column] = parts[i]));
    return key;
  }
}
