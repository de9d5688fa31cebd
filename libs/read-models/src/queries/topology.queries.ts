import type { ClickHouse } from '../clickhouse';
import { join, raw, sql, type SqlFragment } from '../sql-binder';

/** An ARGO endpoint (service type on a host in an endpoint group) as it stood. */
export interface TopologyEndpoint {
  endpoint_group: string;
  supergroup: string;
  service: string;
  hostname: string;
  monitored: number;
  /** JSON object text of the endpoint's tags. */
  tags: string;
  /** Epoch seconds of the change this state comes from. */
  valid_from: number;
}

/** An endpoint group (e.g. a site, group_type SITES) in its supergroup (e.g. an NGI). */
export interface TopologyGroup {
  endpoint_group: string;
  group_type: string;
  supergroup: string;
  tags: string;
  valid_from: number;
}

export interface TopologyEndpointSelection {
  /** As of this time (default: now, i.e. every change recorded). */
  at?: Date;
  supergroup?: string;
  endpointGroup?: string;
  service?: string;
  hostname?: string;
  /** Keyset paging: the (endpoint_group, service, hostname) of the last item of the previous page. */
  after?: [string, string, string];
  limit: number;
}

export interface TopologyGroupSelection {
  at?: Date;
  supergroup?: string;
  endpointGroup?: string;
  /** Keyset paging: the (endpoint_group, group_type) of the last item of the previous page. */
  after?: [string, string];
  limit: number;
}

const all = (conditions: SqlFragment[]): SqlFragment => join(conditions, raw(' AND '));

/** Endpoints present at `at`: per endpoint the latest change (valid_from, position) not after it, unless it removed the endpoint. */
export async function topologyEndpoints(ch: ClickHouse, tenant: string, s: TopologyEndpointSelection): Promise<TopologyEndpoint[]> {
  const where = [sql`tenant = ${tenant}`];
  if (s.at) where.push(sql`valid_from <= ${s.at}`);
  if (s.endpointGroup !== undefined) where.push(sql`endpoint_group = ${s.endpointGroup}`);
  if (s.service !== undefined) where.push(sql`service = ${s.service}`);
  if (s.hostname !== undefined) where.push(sql`hostname = ${s.hostname}`);
  if (s.after) where.push(sql`(endpoint_group, service, hostname) > (${join(s.after)})`);
  // The supergroup can change over an endpoint's life: filter on the state as of `at`.
  const having = [raw('last_removed = 0')];
  if (s.supergroup !== undefined) having.push(sql`last_supergroup = ${s.supergroup}`);
  const rows = await ch.query<{ endpoint_group: string; service: string; hostname: string; last_supergroup: string; last_monitored: number; last_tags: string; last_valid_from: number }>(sql`
    SELECT endpoint_group, service, hostname,
      argMax(supergroup, (valid_from, position)) AS last_supergroup,
      argMax(monitored, (valid_from, position)) AS last_monitored,
      argMax(tags, (valid_from, position)) AS last_tags,
      toUInt32(max(valid_from)) AS last_valid_from,
      argMax(removed, (valid_from, position)) AS last_removed
    FROM topology_endpoints
    WHERE ${all(where)}
    GROUP BY endpoint_group, service, hostname
    HAVING ${all(having)}
    ORDER BY endpoint_group, service, hostname
    LIMIT ${s.limit}`);
  return rows.map((r) => ({
    endpoint_group: r.endpoint_group,
    supergroup: r.last_supergroup,
    service: r.service,
    hostname: r.hostname,
    monitored: Number(r.last_monitored),
    tags: r.last_tags,
    valid_from: Number(r.last_valid_from),
  }));
}

/** Endpoint groups present at `at`, with the supergroup they were in then. */
export async function topologyGroups(ch: ClickHouse, tenant: string, s: TopologyGroupSelection): Promise<TopologyGroup[]> {
  const where = [sql`tenant = ${tenant}`];
  if (s.at) where.push(sql`valid_from <= ${s.at}`);
  if (s.endpointGroup !== undefined) where.push(sql`endpoint_group = ${s.endpointGroup}`);
  if (s.after) where.push(sql`(endpoint_group, group_type) > (${join(s.after)})`);
  const having = [raw('last_removed = 0')];
  if (s.supergroup !== undefined) having.push(sql`last_supergroup = ${s.supergroup}`);
  const rows = await ch.query<{ endpoint_group: string; group_type: string; last_supergroup: string; last_tags: string; last_valid_from: number }>(sql`
    SELECT endpoint_group, group_type,
      argMax(supergroup, (valid_from, position)) AS last_supergroup,
      argMax(tags, (valid_from, position)) AS last_tags,
      toUInt32(max(valid_from)) AS last_valid_from,
      argMax(removed, (valid_from, position)) AS last_removed
    FROM topology_groups
    WHERE ${all(where)}
    GROUP BY endpoint_group, group_type
    HAVING ${all(having)}
    ORDER BY endpoint_group, group_type
    LIMIT ${s.limit}`);
  return rows.map((r) => ({
    endpoint_group: r.endpoint_group,
    group_type: r.group_type,
    supergroup: r.last_supergroup,
    tags: r.last_tags,
    valid_from: Number(r.last_valid_from),
  }));
}

/** The group_type of each named endpoint group (latest known), e.g. SITES; absent names are not in the topology. */
export async function endpointGroupTypes(ch: ClickHouse, tenant: string, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await ch.query<{ endpoint_group: string; last_type: string }>(sql`
    SELECT endpoint_group, argMax(group_type, (valid_from, position)) AS last_type
    FROM topology_groups
    WHERE tenant = ${tenant} AND has(${[...names]}, endpoint_group)
    GROUP BY endpoint_group`);
  return new Map(rows.map((r) => [r.endpoint_group, r.last_type]));
}

/** Which of the named supergroups hold sites (ARGO type NGI) in the topology. */
export async function supergroupsOfSites(ch: ClickHouse, tenant: string, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await ch.query<{ supergroup: string }>(sql`
    SELECT DISTINCT supergroup FROM topology_groups
    WHERE tenant = ${tenant} AND group_type = 'SITES' AND has(${[...names]}, supergroup)`);
  return new Set(rows.map((r) => r.supergroup));
}
