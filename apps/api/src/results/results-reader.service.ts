import { Inject, Injectable } from '@nestjs/common';
import { CLICKHOUSE } from '@vigil/platform';
import { AR_SORT_COLUMNS, arDailyItems, flappingItems, supergroupsOfSites, type ArItemKey, type ArSelection, type ClickHouse, type FlappingItem } from '@vigil/read-models';
import { GroupTypes } from '../status/group-types.cache';
import { decodeKeyCursor, encodeKeyCursor } from '../status/key-cursor';
import { periodResults, type ResultFigures } from './results-periods';
import { DEFAULT_RESULTS_LIMIT, DEFAULT_TOP, type FlappingQueryDto, type ResultsQueryDto } from './results-query.dto';
import { rangeOf, type ResultsRange } from './results-range';

export interface ResultsItem {
  key: ArItemKey;
  results: ResultFigures[];
}

export interface ResultsPage {
  range: ResultsRange;
  items: ResultsItem[];
  nextCursor: string | null;
}

/** Which items of a level, named by the path; range, granularity and paging come from the query. */
export type ResultsPath = Omit<ArSelection, 'after' | 'limit' | 'firstDay' | 'lastDay'>;

/** A/R results of the tenant's continuous A/R read models, page by page. */
@Injectable()
export class ResultsReader {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    private readonly types: GroupTypes,
  ) {}

  async page(tenant: string, path: ResultsPath, q: ResultsQueryDto): Promise<ResultsPage> {
    const range = rangeOf(q.start_time, q.end_time);
    const limit = q.limit ?? DEFAULT_RESULTS_LIMIT;
    const after = q.cursor === undefined ? undefined : afterKey(q.cursor);
    const rows = await arDailyItems(this.clickhouse, tenant, { ...path, ...range, after, limit: limit + 1 });
    const shown = rows.slice(0, limit);
    const items = shown.map(({ days, ...key }) => ({ key, results: periodResults(days, q.granularity ?? 'daily', range, path.level === 'supergroup') }));
    const last = shown[shown.length - 1];
    return { range, items, nextCursor: rows.length > limit && last ? encodeKeyCursor(AR_SORT_COLUMNS.map((c) => last[c])) : null };
  }

  async flapping(tenant: string, q: FlappingQueryDto): Promise<{ range: ResultsRange; items: FlappingItem[] }> {
    const range = rangeOf(q.start_time, q.end_time);
    const selection = { level: q.level ?? 'endpoint', supergroup: q.supergroup, endpointGroup: q.group, top: q.top ?? DEFAULT_TOP, ...range };
    return { range, items: await flappingItems(this.clickhouse, tenant, selection) };
  }

  /** ARGO type of each endpoint group: its topology group type, else a service group. */
  async groupTypes(tenant: string, names: string[]): Promise<(name: string) => string> {
    const types = await this.types.of(tenant, names);
    return (name) => types.get(name) ?? 'SERVICEGROUPS';
  }

  /** ARGO type of each supergroup: NGI when it holds sites, else PROJECT. */
  async supergroupTypes(tenant: string, names: string[]): Promise<(name: string) => string> {
    const ngis = await supergroupsOfSites(this.clickhouse, tenant, [...new Set(names)]);
    return (name) => (ngis.has(name) ? 'NGI' : 'PROJECT');
  }
}

function afterKey(cursor: string): ArItemKey {
  const parts = decodeKeyCursor(cursor, AR_SORT_COLUMNS.length);
  const key = {} as ArItemKey;
  AR_SORT_COLUMNS.forEach((column, i) => (key[column] = parts[i]));
  return key;
}
