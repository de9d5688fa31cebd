import { Module } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventStore } from '@vigil/event-store';
import type { Registry } from 'prom-client';
import { DeadLetterPublisher, probeResultAppender, RecordIngestor, registerIngestMetrics, type DeadLetterOptions, type IngestRules } from '@vigil/ingest';
import { EVENT_STORE, METRICS, NATS } from '@vigil/platform';
import { METRIC_INGESTOR, MetricResultsController } from './metric-results.controller';

/** Optional Nest token: where dead letters go and which rules apply (defaults: VIGIL_DEAD_LETTERS, EGI statuses). */
export const INGEST_OPTIONS = 'vigil:ingest-options';
export interface IngestOptions {
  deadLetters?: DeadLetterOptions;
  rules?: IngestRules;
}

/** Probe-result ingestion over HTTP (the NATS path runs in the projector's IngestService). */
@Module({
  controllers: [MetricResultsController],
  providers: [
    {
      provide: METRIC_INGESTOR,
      inject: [EVENT_STORE, NATS, { token: INGEST_OPTIONS, optional: true }, { token: METRICS, optional: true }],
      useFactory: (store: EventStore, nc: NatsConnection, o: IngestOptions | undefined, metrics: Registry | undefined) => {
        const ingestor = new RecordIngestor(probeResultAppender(store), new DeadLetterPublisher(nc, o?.deadLetters), o?.rules);
        if (metrics) registerIngestMetrics(metrics, 'http', ingestor.stats);
        return ingestor;
      },
    },
  ],
})
export class IngestModule {}
