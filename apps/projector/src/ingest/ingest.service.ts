import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventStore } from '@vigil/event-store';
import type { Registry } from 'prom-client';
import { DeadLetterPublisher, NatsIngest, probeResultAppender, RecordIngestor, registerIngestMetrics } from '@vigil/ingest';
import { EVENT_STORE, METRICS, NATS, Readiness } from '@vigil/platform';

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
    @Optional() @Inject(METRICS) metrics?: Registry,
  ) {
    this.ingestor = new RecordIngestor(probeResultAppender(store), new DeadLetterPublisher(nc));
    if (metrics) registerIngestMetrics(metrics, 'nats', this.ingestor.stats);
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
