import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { projectorConsumerConfig } from '@vigil/messaging';
import type { SchemaCatalog } from '@vigil/events';
import type { HostedProjector, Sink } from '@vigil/projections';
import { durableName, hostRebuiltProjector, type LogSource } from '../log-projector';
import { webhookDispatchProjection, WEBHOOK_DISPATCH_VERSION } from './webhook-dispatch.projection';
import type { WebhookJob } from './webhook-streams';

export interface WebhookDispatcherOptions {
  schemas: SchemaCatalog;
  stream: string;
  /** Subject prefix of the events stream. */
  prefix: string;
  database?: string;
  maxWaitMs?: number;
  sink: Sink<WebhookJob[]>;
  onError: (err: unknown) => void;
}

/**
 * Starts the dispatch on every event of the log (alerts, subscriptions, silences, clock ticks). Its
 * state (pending groups, held-back alerts) is rebuilt on start by folding silently what was already
 * acknowledged; a first start after the version-1 dispatcher takes over where that one stopped.
 */
export async function hostWebhookDispatcher(nc: NatsConnection, o: WebhookDispatcherOptions): Promise<HostedProjector> {
  const source: LogSource = { schemas: o.schemas, stream: o.stream, prefix: o.prefix, database: o.database, maxWaitMs: o.maxWaitMs };
  const projection = webhookDispatchProjection();
  const durable = durableName(source, projection.name, WEBHOOK_DISPATCH_VERSION);
  const previous = durableName(source, projection.name, 1);
  const jsm = await jetstreamManager(nc);
  let acked = await jsm.consumers.info(o.stream, durable).then((i) => i.ack_floor.stream_seq).catch(() => null);
  if (acked === null) {
    acked = await jsm.consumers.info(o.stream, previous).then((i) => i.ack_floor.stream_seq).catch(() => 0);
    await jsm.consumers.add(o.stream, projectorConsumerConfig(durable, `${o.prefix}.>`, acked));
    await jsm.consumers.delete(o.stream, previous).catch(() => undefined);
  }
  return hostRebuiltProjector(nc, source, projection, o.sink, o.onError, acked);
}
