import { concatMap, defer } from 'rxjs';
import type { Projection } from '../projection';
import { TOPOLOGY_EVENT_TYPES, topologyRows, type TopologyState, type TopologyWrite } from './topology-rows';

export * from './topology-rows';
export * from './topology.sink';

export interface TopologyProjectionOptions {
  /**
   * The state the durable checkpoint stands on (see loadTopologySeed): without it a restarted
   * projector would not know the NGI of a site or the endpoint of a service seen before the restart.
   */
  seed?: () => Promise<TopologyState>;
}

/**
 * Registry topology (sites and services) as ARGO topology rows: topology_groups (site → NGI) and
 * topology_endpoints (site, service type, hostname → NGI). Every change is a new row valid from
 * the event time, so the tables answer both current and as-of reads.
 */
export function topologyProjection(options: TopologyProjectionOptions = {}): Projection<TopologyWrite> {
  const seed = options.seed ?? (async () => new Map());
  return {
    name: 'topology',
    version: 1,
    types: TOPOLOGY_EVENT_TYPES,
    // The state is loaded on the first batch of each run, so a restarted projector starts from the read model.
    project: (batches) =>
      defer(() => {
        let state: Promise<TopologyState> | undefined;
        return batches.pipe(concatMap(async (events) => topologyRows(await (state ??= seed()), events)));
      }),
  };
}
