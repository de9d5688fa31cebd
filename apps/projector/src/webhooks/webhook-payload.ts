import type { AlertRaisedData, AlertResolvedData, AlertRuleData, WebhookFilter, WebhookSubscription } from '@vigil/domain';

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

export function wants(s: WebhookSubscription, n: AlertNotice): boolean {
  const f: WebhookFilter = s.filter;
  const any = (list: string[], v: string) => list.length === 0 || list.includes(v);
  return s.enabled && s.eventTypes.includes(n.eventType) && any(f.ruleIds, n.raised.ruleId) && any(f.levels, n.raised.level) && any(f.supergroups, n.raised.supergroup) && any(f.endpointGroups, n.raised.endpointGroup) && any(f.services, n.raised.service);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Standard Webhooks body: `{ type, timestamp, data }`, small. */
export function standardPayload(n: AlertNotice): string {
  const r = n.raised;
  return JSON.stringify({
    type: n.eventType,
    timestamp: iso(n.at),
    data: {
      tenant: n.tenant,
      alertId: r.alertId,
      rule: { id: n.rule.id, name: n.rule.name },
      kind: n.eventType === 'alert.resolved' ? 'RESOLVED' : r.kind,
      level: r.level,
      supergroup: r.supergroup,
      endpointGroup: r.endpointGroup,
      service: r.service,
      hostname: r.hostname,
      metric: r.metric,
      status: n.status,
      previousStatus: n.previousStatus,
      since: iso(r.since),
      resolvedAt: n.resolvedAt === null ? null : iso(n.resolvedAt),
      labels: r.labels,
    },
  });
}

/** Alertmanager's webhook shape (version 4), one alert per message: for receivers built for it. */
export function alertmanagerPayload(n: AlertNotice, receiver: string): string {
  const r = n.raised;
  const resolved = n.eventType === 'alert.resolved' || n.eventType === 'alert.flapping.stopped';
  const labels: Record<string, string> = { alertname: n.rule.name, tenant: n.tenant, level: r.level, severity: r.status.toLowerCase(), ...nonEmpty({ supergroup: r.supergroup, endpoint_group: r.endpointGroup, service: r.service, hostname: r.hostname, metric: r.metric }), ...r.labels };
  const annotations = { summary: `${r.level} ${[r.endpointGroup, r.service, r.hostname, r.metric].filter(Boolean).join('/')} is ${n.status}`, kind: n.eventType };
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${n.rule.name}"}`,
    truncatedAlerts: 0,
    status: resolved ? 'resolved' : 'firing',
    receiver,
    groupLabels: { alertname: n.rule.name },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    alerts: [{ status: resolved ? 'resolved' : 'firing', labels, annotations, startsAt: iso(r.since), endsAt: resolved ? iso(n.at) : '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: r.alertId }],
  });
}

const nonEmpty = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
