import { ALERT_RULES_STREAM, evolveAlertRules, evolveWebhooks, fold, WEBHOOKS_STREAM, type AlertRuleEvent, type AlertRules, type WebhookEvent, type WebhookSubscriptions } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';

/** A tenant's subscriptions as the store has them now (the single stream of them, folded). */
export async function loadSubscriptions(store: EventStore, tenant: string): Promise<{ subscriptions: WebhookSubscriptions; revision: number }> {
  const events = await store.readStream({ tenant, ...WEBHOOKS_STREAM });
  const subscriptions = fold(evolveWebhooks, new Map(), events.map((e) => ({ type: e.type, data: e.data }) as WebhookEvent));
  return { subscriptions, revision: events.length > 0 ? events[events.length - 1].revision : -1 };
}

export async function loadRules(store: EventStore, tenant: string): Promise<{ rules: AlertRules; revision: number }> {
  const events = await store.readStream({ tenant, ...ALERT_RULES_STREAM });
  const rules = fold(evolveAlertRules, new Map(), events.map((e) => ({ type: e.type, data: e.data }) as AlertRuleEvent));
  return { rules, revision: events.length > 0 ? events[events.length - 1].revision : -1 };
}
