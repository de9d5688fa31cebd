import { Module } from '@nestjs/common';
import { ClockTickerService } from './clock/clock-ticker.service';
import { IngestService } from './ingest/ingest.service';
import { ProjectorService } from './projector.service';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { KurrentDbRelayService } from './relay/kurrentdb-relay.service';
import { RecomputeWorkerService } from './recompute/recompute-worker.service';

/** The stream computations: projections from JetStream into ClickHouse. */
@Module({ providers: [ProjectorService, ClockTickerService, IngestService, KurrentDbRelayService, WebhookDeliveryService, RecomputeWorkerService], exports: [ProjectorService] })
export class ProjectorModule {}
