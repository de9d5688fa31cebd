import type { NatsConnection } from '@nats-io/transport-node';
import { positionOf } from '@vigil/events';
import { hostProjector, type HostedProjector } from '../projector-host';
import { durableOf, registryLogFor, registryProjectorSource, type RegistryProjectorOptions } from '../registry-log';
import { topologyProjection } from './topology.projection';
import { topologyRows, type TopologyState } from './topology-rows';
import { topologySink } from './topology.sink';

/**
 * Starts the topology projection from the log, not from its tables (which may run ahead of its
 * checkpoint): the topology events up to the durable's ack floor are folded silently, those after it
 * are written at once, in log order, and skipped when the durable delivers them again. The rows
 * are the very rows of a single run from the start, whatever the durable redelivers out of order.
 */
export async function hostTopologyProjector(nc: NatsConnection, o: RegistryProjectorOptions): Promise<HostedProjector> {
  const source = registryProjectorSource(o);
  const { acked: floor, delivered } = await durableOf(nc, source, topologyProjection());
  const { events } = await registryLogFor(nc, source, delivered);
  const state: TopologyState = new Map();
  const split = events.findIndex((e) => e.position >= positionOf(floor + 1, 0));
  const [acked, ahead] = split < 0 ? [events, []] : [events.slice(0, split), events.slice(split)];
  topologyRows(state, acked);
  const sink = topologySink(o.clickhouse);
  await sink.write(topologyRows(state, ahead));
  const through = events.length > 0 ? events[events.length - 1].position : -1;
  return hostProjector(nc, o.schemas, source, topologyProjection({ start: { state, through } }), sink, o.onError);
}
