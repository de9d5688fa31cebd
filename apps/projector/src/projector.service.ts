import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { VigilConfig } from '@vigil/config';
import { connectNats } from '@vigil/messaging';
import type { SchemaCatalog } from '@vigil/events';
import { EVENTS_STREAM, type EventStore } from '@vigil/event-store';
import { hostArProjector, hostMetricResultsProjector, hostStatusProjector, hostTopologyProjector, type HostedProjector } from '@vigil/projections';
import { recordLiveVersions, staleMessage } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import type { Registry } from 'prom-client';
import { CLICKHOUSE, CONFIG, EVENT_STORE, METRICS, NATS, Readiness, SCHEMAS } from '@vigil/platform';
import { registerProjectorMetrics } from './projector-metrics';
import { hostAlertProjector } from './alerts/alert-projector';
import { hostBudgetProjector } from './budgets/budget-projector';
import { hostAlarmProjector } from './alarms/alarm-projector';

/** Starts every projection of the platform and stops them on shutdown (unacked batches are redelivered). */
type Starter = (nc: NatsConnection, onError: (err: unknown) => void) => HostedProjector | Promise<HostedProjector>;

@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Projector');
  readonly running: HostedProjector[] = [];
  private expected = 0;
  private stopped = false;
  /** Each projector reads the log on a connection of its own (see supervise). */
  private readonly connections = new Set<NatsConnection>();

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(SCHEMAS) private readonly schemas: SchemaCatalog,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: Readiness,
    @Inject(METRICS) metrics: Registry,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {
    readiness.expect('projectors');
    registerProjectorMetrics(metrics, nc, EVENTS_STREAM, () => this.running);
  }

  /** Projectors that catch up on history start after the API listens: /health says 'starting' meanwhile. */
  onApplicationBootstrap(): void {
    const starters: Record<string, Starter> = {
      // Results are flagged against the topology, whose sites and services live in other categories:
      // both fold the topology events of the log ahead of their durable, so a restart changes no row.
      'metric-results': (nc, onError) => hostMetricResultsProjector(nc, { clickhouse: this.clickhouse, schemas: this.schemas, onError }),
      topology: (nc, onError) => hostTopologyProjector(nc, { clickhouse: this.clickhouse, schemas: this.schemas, onError }),
      status: (nc, onError) => hostStatusProjector(nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError, onWarn: (m) => this.log.warn(m) }),
      alerts: (nc, onError) => hostAlertProjector(nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError }),
      budgets: (nc, onError) => hostBudgetProjector(nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError }),
      alarms: (nc, onError) => hostAlarmProjector(nc, { store: this.store, clickhouse: this.clickhouse, schemas: this.schemas, onError }),
      ar: (nc, onError) => hostArProjector(nc, { clickhouse: this.clickhouse, schemas: this.schemas, onError }),
    };
    this.expected = Object.keys(starters).length;
    for (const [name, start] of Object.entries(starters)) void this.supervise(name, start);
    // A read model built by other code than this one's is stale: the log says which command rebuilds it.
    void recordLiveVersions(this.clickhouse).then((stale) => stale.forEach((s) => this.log.warn(staleMessage(s))), (err) => this.log.error(`projection versions not recorded: ${err instanceof Error ? err.message : err}`));
  }

  /**
   * Starts a projector and restarts it (from its checkpoint) whenever it fails to start or stops on an error.
   * Each run gets a NATS connection of its own: nats-server cuts a connection whose reader falls 64 MB
   * behind, and seven projectors pulling large commits on one connection, busy folding, got there.
   */
  private async supervise(name: string, start: Starter): Promise<void> {
    if (this.stopped) return;
    let nc: NatsConnection | undefined;
    const retry = (err: unknown) => {
      if (this.stopped) return void this.release(nc); // shutting down: its connection was drained under it
      this.log.error(`${name} ${this.running.some((p) => p.name === name) ? 'stopped' : 'did not start'}: ${err instanceof Error ? err.message : err}; retrying in 2 s`);
      const i = this.running.findIndex((p) => p.name === name);
      if (i >= 0) this.running.splice(i, 1)[0].subscription.unsubscribe();
      void this.release(nc);
      this.report();
      setTimeout(() => void this.supervise(name, start), 2_000).unref();
    };
    try {
      nc = await connectNats(this.config.natsUrl, `vigil-projector-${name}`);
      this.connections.add(nc);
      const hosted = await start(nc, retry);
      if (this.stopped) return hosted.subscription.unsubscribe(); // started while shutting down
      this.running.push(hosted);
      this.report();
    } catch (err) {
      retry(err);
    }
  }

  /** Drained, not closed: acknowledgements of batches already committed still go out. */
  private release(nc: NatsConnection | undefined): Promise<void> {
    if (!nc || !this.connections.delete(nc)) return Promise.resolve();
    return nc.drain().catch(() => undefined);
  }

  private report(): void {
    const ready = this.running.length === this.expected;
    this.readiness.set('projectors', ready, `${this.running.length}/${this.expected} running: ${this.running.map((p) => p.durable).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const p of this.running) p.subscription.unsubscribe();
    await Promise.all([...this.connections].map((nc) => this.release(nc)));
  }
}
