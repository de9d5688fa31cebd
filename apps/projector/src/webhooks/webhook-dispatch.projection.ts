import { createHash } from 'node:crypto';
import { concatMap } from 'rxjs';
import { ALERT_CATEGORY, type AlertRaisedData, type AlertResolvedData, type AlertRules, type WebhookSubscriptions } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import type { RecordedEvent } from '@vigil/events';
import type { Projection } from '@vigil/projections';
import { alertmanagerPayload, eventTypeOf, standardPayload, wants, type AlertNotice } from './webhook-payload';
import type { WebhookJob } from './webhook-streams';
import { loadRules, loadSubscriptions } from './webhook-subscriptions';

/** `msg_` + a hash of the alert event and the subscription: the same on every retry and redelivery. */
export const webhookIdOf = (eventId: string, subscriptionId: string): string => `msg_${createHash('sha256').update(`${eventId}\u0000${subscriptionId}`).digest('hex').slice(0, 32)}`;

/**
 * Alert events in, delivery jobs out: one per subscription that wants the event. Subscriptions and
 * rules are read from the store as they are now, so a removed or disabled subscription gets nothing.
 */
export function webhookDispatchProjection(store: EventStore): Projection<WebhookJob[]> {
  const jobsOf = async (events: readonly RecordedEvent[]): Promise<WebhookJob[]> => {
    const subs = new Map<string, Promise<WebhookSubscriptions>>();
    const rules = new Map<string, Promise<AlertRules>>();
    const jobs: WebhookJob[] = [];
    for (const e of events) {
      const notice = await noticeOf(store, e, () => cached(rules, e.tenant, () => loadRules(store, e.tenant).then((r) => r.rules)));
      if (!notice) continue;
      for (const s of (await cached(subs, e.tenant, () => loadSubscriptions(store, e.tenant).then((r) => r.subscriptions))).values()) {
        if (!wants(s, notice)) continue;
        const body = s.format === 'alertmanager' ? alertmanagerPayload(notice, s.id) : standardPayload(notice);
        jobs.push({ tenant: e.tenant, subscriptionId: s.id, webhookId: webhookIdOf(e.eventId, s.id), eventType: notice.eventType, body });
      }
    }
    return jobs;
  };
  return { name: 'webhook-dispatch', version: 1, types: ['AlertRaised', 'AlertResolved'], project: (batches) => batches.pipe(concatMap(jobsOf)) };
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) map.set(key, (p = load()));
  return p;
}

async function noticeOf(store: EventStore, e: RecordedEvent, rules: () => Promise<AlertRules>): Promise<AlertNotice | null> {
  const data = e.data as AlertRaisedData | AlertResolvedData;
  const raised = e.type === 'AlertRaised' ? (data as AlertRaisedData) : await firstRaise(store, e.tenant, data.alertId);
  if (!raised) return null;
  const rule = (await rules()).get(data.ruleId);
  if (e.type === 'AlertResolved' && rule?.sendResolved === false) return null;
  const resolved = e.type === 'AlertResolved' ? (data as AlertResolvedData) : null;
  return {
    tenant: e.tenant,
    eventType: eventTypeOf(e.type, data),
    raised,
    status: resolved ? resolved.status : raised.status,
    previousStatus: resolved ? raised.status : raised.previousStatus,
    at: resolved ? resolved.resolvedAt : e.occurredAt,
    resolvedAt: resolved ? resolved.resolvedAt : null,
    rule: { id: data.ruleId, name: rule?.name ?? data.ruleId },
  };
}

async function firstRaise(store: EventStore, tenant: string, alertId: string): Promise<AlertRaisedData | undefined> {
  const events = await store.readStream({ tenant, category: ALERT_CATEGORY, id: alertId }, { limit: 1 });
  return events.find((x) => x.type === 'AlertRaised')?.data as AlertRaisedData | undefined;
}
