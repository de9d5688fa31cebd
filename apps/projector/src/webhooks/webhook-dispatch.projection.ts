import { createHash } from 'node:crypto';
import { map } from 'rxjs';
import { ALERT_DISPATCH_TYPES, AlertDispatch, type Delivery } from '@vigil/domain';
import type { RecordedEvent } from '@vigil/events';
import type { Projection } from '@vigil/projections';
import { alertmanagerGroupPayload, alertmanagerPayload, GROUP_EVENT_TYPE, standardGroupPayload, standardPayload } from './webhook-payload';
import type { WebhookJob } from './webhook-streams';

/** Bump when deliveries must be decided afresh: a new durable consumer (see webhook-dispatcher.ts). */
export const WEBHOOK_DISPATCH_VERSION = 2;

/** `msg_` + a hash of what is delivered and the subscription: the same on every retry and redelivery. */
export const webhookIdOf = (key: string, subscriptionId: string): string => `msg_${createHash('sha256').update(`${key}\u0000${subscriptionId}`).digest('hex').slice(0, 32)}`;

export function jobOf(d: Delivery): WebhookJob {
  const sub = d.subscription;
  const webhookId = webhookIdOf(d.key, sub.id);
  if (d.kind === 'group') {
    const body = sub.format === 'alertmanager' ? alertmanagerGroupPayload(d, sub.id) : standardGroupPayload(d);
    return { tenant: d.tenant, subscriptionId: sub.id, webhookId, eventType: GROUP_EVENT_TYPE, body };
  }
  const body = sub.format === 'alertmanager' ? alertmanagerPayload(d.notice, sub.id, d.labels) : standardPayload(d.notice);
  return { tenant: d.notice.tenant, subscriptionId: sub.id, webhookId, eventType: d.notice.eventType, body };
}

export interface WebhookDispatchProjection extends Projection<WebhookJob[]> {
  /** Folds events already dispatched (on start), delivering nothing. */
  applyBatch(events: readonly RecordedEvent[]): void;
}

/**
 * Alert events in, delivery jobs out. Subscriptions, rules, silences and inhibition rules are folded
 * from the log in order, and grouping timers run on ClockTicked: the same log gives the same deliveries.
 */
export function webhookDispatchProjection(dispatch = new AlertDispatch()): WebhookDispatchProjection {
  const apply = (events: readonly RecordedEvent[]) => events.flatMap((e) => dispatch.apply(e));
  return {
    name: 'webhook-dispatch',
    version: WEBHOOK_DISPATCH_VERSION,
    types: ALERT_DISPATCH_TYPES,
    applyBatch: (events) => void apply(events),
    project: (batches) => batches.pipe(map((events) => apply(events).map(jobOf))),
  };
}
