import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { positionOf } from '@vigil/events';
import { EVENTS_STREAM, subjectFilter } from '@vigil/event-store';

/**
 * The position of the tenant's newest registry event in JetStream (-1 when there is none): a view
 * that has applied it has caught up. One lookup per category, since a tenant's newest message
 * overall may be a probe result the view never sees.
 */
export async function registryHead(nc: NatsConnection, tenant: string, categories: readonly string[]): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const last = await Promise.all(
    categories.map((category) => jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subjectFilter(tenant, category) }).then((m) => m?.seq ?? 0)),
  );
  const seq = Math.max(0, ...last);
  return seq === 0 ? -1 : positionOf(seq, 0);
}
