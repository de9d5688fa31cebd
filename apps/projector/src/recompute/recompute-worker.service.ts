import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, type EventStore } from '@vigil/event-store';
import type { SchemaCatalog } from '@vigil/events';
import { CLICKHOUSE, EVENT_STORE, NATS, SCHEMAS } from '@vigil/platform';
import type { HostedProjector } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { hostRecomputeWorker } from '@vigil/recompute';

/** Runs requested recomputations and restores withdrawn ones (one at a time). */
@Injectable()
export class RecomputeWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Recompute');
  private worker?: HostedProjector;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(SCHEMAS) private readonly schemas: SchemaCatalog,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    const deps = { nc: this.nc, store: this.store, clickhouse: this.clickhouse, source: { stream: EVENTS_STREAM, prefix: EVENTS_SUBJECT_PREFIX, schemas: this.schemas } };
    this.worker = hostRecomputeWorker(deps, (err) => this.log.error(`recompute worker stopped: ${err instanceof Error ? err.message : String(err)}`));
  }

  onApplicationShutdown(): void {
    this.worker?.subscription.unsubscribe();
  }
}
