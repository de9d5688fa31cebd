import { Gauge, type Registry } from 'prom-client';
import type { NatsConnection } from '@nats-io/transport-node';
import { consumerLag } from '@vigil/messaging';
import type { HostedProjector } from '@vigil/projections';

/** Per-projector rate, position and lag as Prometheus gauges, read at scrape time. */
export function registerProjectorMetrics(registry: Registry, nc: NatsConnection, stream: string, projectors: () => HostedProjector[]): void {
  new Gauge({
    name: 'vigil_projector_events_per_second',
    help: 'Events folded per second over the last 10 s',
    labelNames: ['projector'],
    registers: [registry],
    collect() {
      for (const p of projectors()) this.set({ projector: p.name }, p.stats.rate());
    },
  });
  new Gauge({
    name: 'vigil_projector_events_total',
    help: 'Events folded since start',
    labelNames: ['projector'],
    registers: [registry],
    collect() {
      for (const p of projectors()) this.set({ projector: p.name }, p.stats.events);
    },
  });
  new Gauge({
    name: 'vigil_projector_lag_messages',
    help: 'JetStream messages not yet projected (pending + unacknowledged)',
    labelNames: ['projector'],
    registers: [registry],
    async collect() {
      for (const p of projectors()) this.set({ projector: p.name }, await consumerLag(nc, stream, p.durable).catch(() => -1));
    },
  });
}
