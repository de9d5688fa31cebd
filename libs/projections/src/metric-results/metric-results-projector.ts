import type { NatsConnection } from '@nats-io/transport-node';
import { tableSink } from '@vigil/read-models';
import { hostProjector, type HostedProjector } from '../projector-host';
import { durableOf, registryLogFor, registryProjectorSource, type RegistryProjectorOptions } from '../registry-log';
import { EndpointTimeline } from './endpoint-timeline';
import { metricResultsProjectionWith } from './metric-results.projection';

/**
 * Starts the metric-results projection with every topology event of the log folded ahead of it, so
 * each result is flagged against the topology at its own position, whatever the durable redelivers.
 */
export async function hostMetricResultsProjector(nc: NatsConnection, o: RegistryProjectorOptions): Promise<HostedProjector> {
  const source = registryProjectorSource(o);
  const { delivered } = await durableOf(nc, source, metricResultsProjectionWith());
  const registry = new EndpointTimeline();
  registry.apply((await registryLogFor(nc, source, delivered)).events);
  return hostProjector(nc, o.schemas, source, metricResultsProjectionWith({ registry }), tableSink(o.clickhouse, 'metric_results'), o.onError);
}
