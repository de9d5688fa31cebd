import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SchemaCatalog } from '@vigil/events';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, SCHEMA_HEADER, type EventStore } from '@vigil/event-store';
import { hostArProjector, hostProjector, hostStatusProjector, loadTopologySeed, metricResultsProjectionWith, topologyProjection, topologySink, type HostedProjector } from '@vigil/projections';
import { tableSink, type ClickHouse } from '@vigil/read-models';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, EVENT_STORE, METRICS, NATS, Readiness, SCHEMAS } from '@vigil/platform';
import { registerProjectorMetrics } from './projector-metrics';
import { hostAlertProjector } from './alerts/alert-projector';

/** Starts every projection of the platform and stops them on shutdown (unacked batches are redelivered). */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Projector');
  readonly running: HostedProjector[] = [];

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(SCHEMAS) private readonly schemas: SchemaCatalog,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    @Inject(METRICS) metrics: Registry,
  ) {
    readiness.expect('projectors');
    registerProjectorMetrics(metrics, nc, EVENTS_STREAM, () => this.running);
  }

  async onApplicationBootstrap(): Promise<void> {
    const fail = (name: string) => (err: unknown) => {
      this.log.error(`${name} stopped: ${err instanceof Error ? err.message : err}`);
      this.readiness.set('projectors', false, `${name} failed`);
    };
    const source = (filterSubject: string) => ({ stream: EVENTS_STREAM, filterSubject, schemaHeader: SCHEMA_HEADER, database: this.clickhouse.database });
    this.running.push(
      // Results are flagged against the topology, and sites and services live in other categories:
      // nats-server 2.9 takes one filter, so these read all events, in log order.
      hostProjector(this.nc, this.schemas, source(`${EVENTS_SUBJECT_PREFIX}.>`), metricResultsProjectionWith({ seed: () => loadTopologySeed(this.clickhouse) }), tableSink(this.clickhouse, 'metric_results'), fail('metric-results')),
      hostProjector(this.nc, this.schemas, source(`${EVENTS_SUBJECT_PREFIX}.>`), topologyProjection({ seed: () => loadTopologySeed(this.clickhouse) }), topologySink(this.clickhouse), fail('topology')),
    );
    this.running.push(await hostStatusProjector(this.nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError: fail('status') }));
    this.running.push(await hostAlertProjector(this.nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError: fail('alerts') }));
    this.running.push(await hostArProjector(this.nc, { clickhouse: this.clickhouse, schemas: this.schemas, onError: fail('ar') }));
    this.readiness.set('projectors', true, this.running.map((p) => p.durable).join(', '));
  }

  onApplicationShutdown(): void {
    for (const p of this.running) p.subscription.unsubscribe();
  }
}
