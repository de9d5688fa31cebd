import { evolveWebhooks, fold, WEBHOOKS_STREAM, type WebhookEvent, type WebhookSubscriptions } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';

/** A tenant's subscriptions as the store has them now (the single stream of them, folded): the worker checks them before each POST. */
export async function loadSubscriptions(store: EventStore, tenant: string): Promise<{ subscriptions: WebhookSubscriptions; revision: number }> {
  const events = await store.readStream({ tenant, ...WEBHOOKS_STREAM });
  const subscriptions = fold(evolveWebhooks, new Map(), events.map((e) => ({ type: e.type, data: e.data }) as WebhookEvent));
  return { subscriptions, revision: events.length > 0 ? events[events.length - 1].revision : -1 };
}

/**
 * The worker's view of each tenant's subscriptions, read again once it is older than `maxAgeMs`:
 * a burst of deliveries reads the stream once, not once per POST. A removal or disabling is seen
 * within that age; the worker's own disabling (410) drops the tenant's entry at once.
 */
export class SubscriptionCache {
  private readonly entries = new Map<string, { at: number; loading: Promise<WebhookSubscriptions> }>();

  constructor(
    private readonly store: EventStore,
    private readonly maxAgeMs = 1_000,
  ) {}

  get(tenant: string): Promise<WebhookSubscriptions> {
    const now = Date.now();
    const hit = this.entries.get(tenant);
    if (hit && now - hit.at < this.maxAgeMs) return hit.loading;
    const loading = loadSubscriptions(this.store, tenant).then((r) => r.subscriptions);
    loading.catch(() => this.entries.delete(tenant));
    this.entries.set(tenant, { at: now, loading });
    return loading;
  }

  forget(tenant: string): void {
    this.entries.delete(tenant);
  }
}
