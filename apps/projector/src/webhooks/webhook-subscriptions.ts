import { evolveWebhooks, fold, WEBHOOKS_STREAM, type WebhookEvent, type WebhookSubscriptions } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';

/** A tenant's subscriptions as the store has them now (the single stream of them, folded): the worker checks them before each POST. */
export async function loadSubscriptions(store: EventStore, tenant: string): Promise<{ subscriptions: WebhookSubscriptions; revision: number }> {
  const events = await store.readStream({ tenant, ...WEBHOOKS_STREAM });
  const subscriptions = fold(evolveWebhooks, new Map(), events.map((e) => ({ type: e.type, data: e.data }) as WebhookEvent));
  return { subscriptions, revision: events.length > 0 ? events[events.length - 1].revision : -1 };
}
