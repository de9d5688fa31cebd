import { collectDefaultMetrics, Registry } from 'prom-client';

/** The process's Prometheus registry: each module registers its own gauges and histograms here. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  return registry;
}
