import { concatMap, defer } from 'rxjs';
import type { Projection } from '../projection';
import { TOPOLOGY_EVENT_TYPES, topologyRows, type TopologyState, type TopologyWrite } from './topology-rows';

export * from './topology-rows';
export * from './topology.sink';

/** The topology folded ahead of the durable, through a position: events the durable delivers again up to it are skipped. */
export interface TopologyStart {
  state: TopologyState;
  through: number;
}

export interface TopologyProjectionOptions {
  /**
   * Where a restarted projector resumes (see hostTopologyProjector): without it, it would not know the
   * NGI of a site or the endpoint of a service seen before the restart.
   */
  start?: TopologyStart;
  /** Or the state loaded from the tables (loadTopologySeed), which may be ahead of the durable's checkpoint. */
  seed?: () => Promise<TopologyState>;
}

/**
 * Registry topology (sites and services) as ARGO topology rows: topology_groups (site → NGI) and
 * topology_endpoints (site, service type, hostname → NGI). Every change is a new row valid from
 * the event time, so the tables answer both current and as-of reads.
 */
export function topologyProjection(options: TopologyProjectionOptions = {}): Projection<TopologyWrite> {
  const { start, seed } = options;
  const through = start?.through ?? -1;
  const initial = async (): Promise<TopologyState> => start?.state ?? (seed ? await seed() : new Map());
  return {
    name: 'topology',
    version: 1,
    types: TOPOLOGY_EVENT_TYPES,
    project: (batches) =>
      defer(() => {
        let state: Promise<TopologyState> | undefined;
        return batches.pipe(concatMap(async (events) => topologyRows(await (state ??= initial()), events.filter((e) => e.position > through))));
      }),
  };
}
