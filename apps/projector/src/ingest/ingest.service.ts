import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventStore } from '@vigil/event-store';
import { DeadLetterPublisher, NatsIngest, probeResultAppender, RecordIngestor } from '@vigil/ingest';
import { EVENT_STORE, NATS, Readiness } from '@vigil/platform';

/**
 * Probe results published on `vigil.ingest.metrics.<tenant>` (stream VIGIL_INGEST) into the event
 * store; started on bootstrap, stopped before the connections close so in-flight messages finish.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Ingest');
  readonly ingestor: RecordIngestor;
  private running?: NatsIngest;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly readiness: Readiness,
  ) {
    this.ingestor = new RecordIngestor(probeResultAppender(store), new DeadLetterPublisher(nc));
    readiness.expect('ingest');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await NatsIngest.start(this.nc, this.ingestor, {}, (err) => this.log.warn(`ingest: ${err instanceof Error ? err.message : err} (the message will be redelivered)`));
    this.readiness.set('ingest', true, 'VIGIL_INGEST');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}
