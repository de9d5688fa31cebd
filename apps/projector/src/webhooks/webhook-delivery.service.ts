import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { VigilConfig } from '@vigil/config';
import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, type EventStore } from '@vigil/event-store';
import type { SchemaCatalog } from '@vigil/events';
import { CLICKHOUSE, CONFIG, EVENT_STORE, NATS, SCHEMAS } from '@vigil/platform';
import type { HostedProjector, Sink } from '@vigil/projections';
import type { ClickHouse } from '@vigil/read-models';
import { WebhookTargetGuard } from '@vigil/webhooks';
import { hostWebhookDispatcher } from './webhook-dispatcher';
import { ensureWebhookStreams, webhookStreamsFor, type WebhookJob, type WebhookStreams } from './webhook-streams';
import { WebhookWorker } from './webhook-worker';

export const WEBHOOK_DELIVERY_OPTIONS = Symbol('WEBHOOK_DELIVERY_OPTIONS');

export interface WebhookDeliveryOptions {
  streams?: WebhookStreams;
  /** Events stream and subject prefix the dispatcher reads (tests use their own). */
  events?: { stream: string; prefix: string };
  schedule?: readonly number[];
  timeoutMs?: number;
  allowlist?: string[];
  /** How long the dispatcher batches events (tests shorten it). */
  maxWaitMs?: number;
}

/** Publishes jobs with the webhook id as message id: a redelivered batch queues nothing twice. */
export const webhookJobSink = (nc: NatsConnection, streams: WebhookStreams, ready: () => Promise<void>): Sink<WebhookJob[]> => ({
  write: async (jobs) => {
    if (jobs.length === 0) return;
    await ready();
    const js = jetstream(nc);
    await Promise.all(jobs.map((j) => js.publish(`${streams.jobs.prefix}.${j.tenant}`, JSON.stringify(j), { msgID: j.webhookId })));
  },
});

/** Alert events → delivery jobs (silenced, inhibited and grouped as Alertmanager does) → a durable work queue → signed POSTs. */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Webhooks');
  private dispatcher?: HostedProjector;
  private worker?: WebhookWorker;
  private started?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(SCHEMAS) private readonly schemas: SchemaCatalog,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Optional() @Inject(WEBHOOK_DELIVERY_OPTIONS) private readonly options: WebhookDeliveryOptions = {},
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const o = this.options ?? {};
    const streams = o.streams ?? webhookStreamsFor(this.clickhouse.database);
    const events = o.events ?? { stream: EVENTS_STREAM, prefix: EVENTS_SUBJECT_PREFIX };
    const guard = new WebhookTargetGuard(o.allowlist ?? this.config.webhookAllowlist);
    this.worker = new WebhookWorker(this.nc, { store: this.store, clickhouse: this.clickhouse, streams, guard, schedule: o.schedule, timeoutMs: o.timeoutMs, log: (m) => this.log.warn(m) });
    // Streams and workers come with the first job: a platform that never alerts creates nothing.
    const ready = () => (this.started ??= ensureWebhookStreams(this.nc, streams).then(() => this.worker!.start()).catch((err: unknown) => {
      this.started = undefined;
      throw err;
    }));
    if (await jetstreamManager(this.nc).then((jsm) => jsm.streams.info(streams.jobs.stream)).catch(() => null)) await ready();
    const options = { schemas: this.schemas, ...events, database: this.clickhouse.database, maxWaitMs: o.maxWaitMs, sink: webhookJobSink(this.nc, streams, ready) };
    // Restarted like the projectors: it resumes from its checkpoint (a lost delivery stops it, for one).
    const restart = (err: unknown): void => {
      if (this.stopped) return; // shutting down: the connection was drained under it
      this.log.error(`dispatcher stopped: ${err instanceof Error ? err.message : String(err)}; retrying in 2 s`);
      this.dispatcher?.subscription.unsubscribe();
      setTimeout(() => void (this.stopped ? undefined : start().catch(restart)), 2_000).unref();
    };
    const start = async () => void (this.dispatcher = await hostWebhookDispatcher(this.nc, { ...options, onError: restart }));
    await start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.dispatcher?.subscription.unsubscribe();
    await this.worker?.stop();
  }
}
