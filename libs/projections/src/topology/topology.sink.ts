import { sql, type ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import { SITES, type TenantTopology, type TopologyState, type TopologyWrite } from './topology-rows';

/** Inserts both tables' rows; a redelivered batch repeats the same keys and positions, which collapse. */
export const topologySink = (clickhouse: ClickHouse): Sink<TopologyWrite> => ({
  write: async ({ endpoints, groups }) => {
    if (groups.length > 0) await clickhouse.insert('topology_groups', groups);
    if (endpoints.length > 0) await clickhouse.insert('topology_endpoints', endpoints);
  },
});

interface GroupRow {
  tenant: string;
  endpoint_group: string;
  ngi: string;
  site_tags: string;
}

interface EndpointRow {
  tenant: string;
  endpoint_group: string;
  service: string;
  hostname: string;
  is_monitored: number;
  endpoint_tags: string;
}

/**
 * The current topology of every tenant as the tables hold it, which may be ahead of or behind a
 * projector's checkpoint: the projectors fold the log instead (hostTopologyProjector, hostMetricResultsProjector).
 */
export async function loadTopologySeed(clickhouse: ClickHouse): Promise<TopologyState> {
  const state: TopologyState = new Map();
  const tenant = (name: string): TenantTopology => {
    if (!state.has(name)) state.set(name, { sites: new Map(), services: new Map() });
    return state.get(name)!;
  };
  for (const g of await currentGroups(clickhouse)) {
    tenant(g.tenant).sites.set(g.endpoint_group, { ngi: g.ngi, tags: JSON.parse(g.site_tags) as Record<string, string> });
  }
  for (const e of await currentEndpoints(clickhouse)) {
    const id = (JSON.parse(e.endpoint_tags) as { info_ID?: string }).info_ID;
    if (!id) continue; // not from a registry service
    tenant(e.tenant).services.set(id, { site: e.endpoint_group, serviceType: e.service, hostname: e.hostname, monitored: e.is_monitored === 1, tags: e.endpoint_tags });
  }
  return state;
}

// Aliases differ from the column names so the outer filter reads the latest values, not the raw columns.
const currentGroups = (ch: ClickHouse) =>
  ch.query<GroupRow>(sql`
    SELECT tenant, endpoint_group, ngi, site_tags FROM (
      SELECT tenant, endpoint_group,
        argMax(supergroup, (valid_from, position)) AS ngi,
        argMax(tags, (valid_from, position)) AS site_tags,
        argMax(removed, (valid_from, position)) AS gone
      FROM topology_groups WHERE group_type = ${SITES}
      GROUP BY tenant, endpoint_group
    ) WHERE gone = 0`);

const currentEndpoints = (ch: ClickHouse) =>
  ch.query<EndpointRow>(sql`
    SELECT tenant, endpoint_group, service, hostname, is_monitored, endpoint_tags FROM (
      SELECT tenant, endpoint_group, service, hostname,
        argMax(monitored, (valid_from, position)) AS is_monitored,
        argMax(tags, (valid_from, position)) AS endpoint_tags,
        argMax(removed, (valid_from, position)) AS gone
      FROM topology_endpoints
      GROUP BY tenant, endpoint_group, service, hostname
    ) WHERE gone = 0`);
