import type { AlertRaisedData, AlertResolvedData, AlertRuleData, WebhookFilter } from './alert.events';
import type { Labels } from './matchers';
import type { WebhookSubscription } from './webhook-subscription.decider';

/** What a delivery is about: the alert's keys (from its raise) and this event's status and time. */
export interface AlertNotice {
  tenant: string;
  eventType: string;
  raised: AlertRaisedData;
  status: string;
  previousStatus: string;
  at: number;
  resolvedAt: number | null;
  rule: Pick<AlertRuleData, 'id' | 'name'>;
}

export const eventTypeOf = (type: string, data: AlertRaisedData | AlertResolvedData): string => {
  if (type === 'AlertResolved') return 'alert.resolved';
  const kind = (data as AlertRaisedData).kind;
  return kind === 'FLAPPINGSTART' ? 'alert.flapping.started' : kind === 'FLAPPINGSTOP' ? 'alert.flapping.stopped' : 'alert.raised';
};

/** Whether a subscription asked for this notice (event type and filter); never a disabled one. */
export function wants(s: WebhookSubscription, n: AlertNotice): boolean {
  const f: WebhookFilter = s.filter;
  const any = (list: string[], v: string) => list.length === 0 || list.includes(v);
  return s.enabled && s.eventTypes.includes(n.eventType) && any(f.ruleIds, n.raised.ruleId) && any(f.levels, n.raised.level) && any(f.supergroups, n.raised.supergroup) && any(f.endpointGroups, n.raised.endpointGroup) && any(f.services, n.raised.service);
}

const nonEmpty = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));

/**
 * An alert's labels, what silences, inhibition and grouping match on: alertname (the rule's name),
 * tenant, level, severity and status (the raised status), the item keys that are set, then the rule's labels.
 */
export function alertLabels(tenant: string, raised: AlertRaisedData, ruleName: string): Labels {
  const keys = nonEmpty({ supergroup: raised.supergroup, endpoint_group: raised.endpointGroup, service: raised.service, hostname: raised.hostname, metric: raised.metric });
  return { alertname: ruleName, tenant, level: raised.level, severity: raised.status.toLowerCase(), status: raised.status, ...keys, ...raised.labels };
}
