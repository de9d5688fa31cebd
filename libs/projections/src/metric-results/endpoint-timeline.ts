import type { RecordedEvent } from '@vigil/events';
import type { EndpointLookup } from './metric-results.projection';
import { topologyRows, type TopologyEndpointRow, type TopologyState } from '../topology/topology-rows';

interface Change {
  /** Log position of the registry event that made the change. */
  position: number;
  /** The endpoint group holding the endpoint from then on; undefined: unknown from then on. */
  site: string | undefined;
}

const keyOf = (tenant: string, serviceType: string, hostname: string): string => `${tenant}\u0000${serviceType}\u0000${hostname}`;

/**
 * Which site held each registry endpoint (tenant, service type, hostname) at every position of the
 * log, folded from the topology events: a result is flagged as of its own position, so the flag does
 * not depend on when, in which order or after how many restarts the projector sees it.
 */
export class EndpointTimeline {
  private readonly topology: TopologyState = new Map();
  /** Sites currently holding each endpoint, the latest last (two registry services may share one). */
  private readonly holders = new Map<string, Map<string, true>>();
  private readonly changes = new Map<string, Change[]>();
  /** Position of the last topology event folded (-1: none). */
  private last = -1;

  /** A timeline that knows `state` from the start of the log (a topology loaded from elsewhere). */
  static fromState(state: TopologyState): EndpointTimeline {
    const timeline = new EndpointTimeline();
    for (const [tenant, t] of state) {
      timeline.topology.set(tenant, { sites: new Map(t.sites), services: new Map(t.services) });
      for (const s of t.services.values()) timeline.record({ tenant, endpoint_group: s.site, service: s.serviceType, hostname: s.hostname, position: 0, removed: 0 });
    }
    return timeline;
  }

  /** Folds topology events in log order; one at or before `through` was folded already (a redelivery) and is skipped. */
  apply(events: readonly RecordedEvent[]): void {
    for (const e of events) {
      if (e.position <= this.last) continue;
      for (const row of topologyRows(this.topology, [e]).endpoints) this.record(row);
      this.last = e.position;
    }
  }

  /** The site holding the endpoint just before `position`, if the registry knew it then. */
  readonly siteAt: EndpointLookup = (tenant, hostname, serviceType, position) => {
    const list = this.changes.get(keyOf(tenant, serviceType, hostname));
    if (!list) return undefined;
    // Results are mostly newer than the last change: search from the end.
    for (let i = list.length - 1; i >= 0; i--) if (list[i].position < position) return list[i].site;
    return undefined;
  };

  private record(row: Pick<TopologyEndpointRow, 'tenant' | 'endpoint_group' | 'service' | 'hostname' | 'position' | 'removed'>): void {
    const key = keyOf(row.tenant, row.service, row.hostname);
    let holders = this.holders.get(key);
    if (!holders) this.holders.set(key, (holders = new Map()));
    holders.delete(row.endpoint_group);
    if (row.removed === 0) holders.set(row.endpoint_group, true);
    const site = [...holders.keys()].pop();
    let list = this.changes.get(key);
    if (!list) this.changes.set(key, (list = []));
    const latest = list[list.length - 1];
    if (latest?.position === row.position) latest.site = site;
    else if (latest?.site !== site) list.push({ position: row.position, site });
  }
}
