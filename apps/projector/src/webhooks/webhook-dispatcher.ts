import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { SCHEMA_HEADER } from '@vigil/event-store';
import type { SchemaCatalog } from '@vigil/events';
import { hostProjector, readLog, type HostedProjector, type Sink } from '@vigil/projections';
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
  const filterSubject = `${o.prefix}.>`;
  const projection = webhookDispatchProjection();
  const scope = o.database ? `${o.database}-` : '';
  const durable = `projector-${scope}${projection.name}-v${WEBHOOK_DISPATCH_VERSION}`;
  const previous = `projector-${scope}${projection.name}-v1`;
  const jsm = await jetstreamManager(nc);
  let acked = await jsm.consumers.info(o.stream, durable).then((i) => i.ack_floor.stream_seq).catch(() => null);
  if (acked === null) {
    acked = await jsm.consumers.info(o.stream, previous).then((i) => i.ack_floor.stream_seq).catch(() => 0);
    await jsm.consumers.add(o.stream, { durable_name: durable, filter_subject: filterSubject, ack_policy: AckPolicy.Explicit, ...(acked > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: acked + 1 } : { deliver_policy: DeliverPolicy.All }), ack_wait: nanos(60_000), max_ack_pending: 20_000 });
    await jsm.consumers.delete(o.stream, previous).catch(() => undefined);
  }
  if (acked > 0) {
    for await (const batch of readLog(nc, { stream: o.stream, filterSubject, schemaHeader: SCHEMA_HEADER, schemas: o.schemas, types: projection.types, startSequence: 1, through: acked })) projection.applyBatch(batch.events);
  }
  const source = { stream: o.stream, filterSubject, schemaHeader: SCHEMA_HEADER, maxWaitMs: o.maxWaitMs, database: o.database };
  return hostProjector(nc, o.schemas, source, projection, o.sink, o.onError);
}
