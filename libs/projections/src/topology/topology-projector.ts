import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { consumerInfoOrNull } from '@vigil/messaging';
import { hostProjector, type HostedProjector } from '../projector-host';
import { readRegistryLog, registryProjectorSource, type RegistryProjectorOptions } from '../registry-log';
import { topologyProjection } from './topology.projection';
import { topologyRows, type TopologyState } from './topology-rows';
import { topologySink } from './topology.sink';

/** Positions are sequence × 10000 + index: the first position past a sequence. */
const after = (sequence: number): number => (sequence + 1) * 10_000;

/**
 * Starts the topology projection from the log, not from its tables (which may run ahead of its
 * checkpoint): the topology events up to the durable's ack floor are folded silently, those after it
 * are written at once, in log order, and skipped when the durable delivers them again. The rows
 * are the very rows of a single run from the start, whatever the durable redelivers out of order.
 */
export async function hostTopologyProjector(nc: NatsConnection, o: RegistryProjectorOptions): Promise<HostedProjector> {
  const source = registryProjectorSource(o);
  const projection = topologyProjection();
  // As hostProjector names it.
  const durable = `projector-${source.database ? `${source.database}-` : ''}${projection.name}-v${projection.version}`;
  const info = await consumerInfoOrNull(await jetstreamManager(nc), source.stream, durable);
  const floor = info?.ack_floor.stream_seq ?? 0;
  const { events } = await readRegistryLog(nc, source);
  const state: TopologyState = new Map();
  const split = events.findIndex((e) => e.position >= after(floor));
  const [acked, ahead] = split < 0 ? [events, []] : [events.slice(0, split), events.slice(split)];
  topologyRows(state, acked);
  const sink = topologySink(o.clickhouse);
  await sink.write(topologyRows(state, ahead));
  const through = events.length > 0 ? events[events.length - 1].position : -1;
  return hostProjector(nc, o.schemas, source, topologyProjection({ start: { state, through } }), sink, o.onError);
}
