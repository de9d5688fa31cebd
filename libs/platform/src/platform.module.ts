import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig, type VigilConfig } from '@vigil/config';
import { catalog } from '@vigil/events';
import { JetStreamEventStore, KurrentDbEventStore, type EventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { createClickHouse, type ClickHouse } from '@vigil/read-models';
import { createMetricsRegistry } from './metrics';
import { Readiness } from './readiness';
import { correlatedEventStore } from './request-context';
import { CLICKHOUSE, CONFIG, EVENT_STORE, METRICS, NATS, SCHEMAS } from './tokens';

/** Connections to NATS, the event store and ClickHouse, opened once per process and closed on shutdown. */
@Global()
@Module({
  providers: [
    Readiness,
    { provide: METRICS, useFactory: createMetricsRegistry },
    { provide: CONFIG, useFactory: (): VigilConfig => loadConfig() },
    { provide: SCHEMAS, useFactory: () => catalog() },
    { provide: NATS, inject: [CONFIG], useFactory: (c: VigilConfig) => connectNats(c.natsUrl, 'vigil') },
    {
      provide: EVENT_STORE,
      inject: [CONFIG, NATS],
      useFactory: async (c: VigilConfig, nc: NatsConnection): Promise<EventStore> => {
        // Projectors read JetStream either way: with KurrentDB, the relay (projector app) forwards to it.
        const store: EventStore = c.eventStore === 'kurrentdb' ? await KurrentDbEventStore.connect(c.esdbUrl!) : await JetStreamEventStore.open(nc);
        return correlatedEventStore(store); // events appended while handling a request carry its correlation id
      },
    },
    { provide: CLICKHOUSE, inject: [CONFIG], useFactory: (c: VigilConfig) => createClickHouse({ url: c.clickhouseUrl, database: c.clickhouseDatabase }) },
  ],
  exports: [CONFIG, SCHEMAS, NATS, EVENT_STORE, CLICKHOUSE, Readiness, METRICS],
})
export class PlatformModule implements OnApplicationShutdown {
  private readonly log = new Logger('Platform');
  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.clickhouse.close();
    await this.nc.drain().catch((err) => this.log.warn(`NATS drain: ${err}`));
  }
}
