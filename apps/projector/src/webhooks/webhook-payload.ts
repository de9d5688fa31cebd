import { alertLabels, type AlertNotice, type GroupDelivery, type Labels, type LabelledNotice } from '@vigil/domain';

export { eventTypeOf, wants, type AlertNotice } from '@vigil/domain';

/** The job event type of a group notification (webhook_attempts and dead letters show it). */
export const GROUP_EVENT_TYPE = 'alert.group';

const iso = (ms: number) => new Date(ms).toISOString();

/** One alert in the Standard body's `data` (and in a group's `data.alerts[]`). */
function standardData(n: AlertNotice) {
  const r = n.raised;
  return {
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
  };
}

/** Standard Webhooks body: `{ type, timestamp, data }`, small. */
export const standardPayload = (n: AlertNotice): string => JSON.stringify({ type: n.eventType, timestamp: iso(n.at), data: standardData(n) });

/** A group notification as a Standard Webhooks body: the group and `data.alerts[]`. */
export function standardGroupPayload(g: GroupDelivery): string {
  return JSON.stringify({
    type: GROUP_EVENT_TYPE,
    timestamp: iso(g.at),
    data: { tenant: g.tenant, groupKey: g.groupKey, groupLabels: g.groupLabels, status: g.status, alerts: g.alerts.map((a) => ({ ...standardData(a.notice), labels: a.labels })) },
  });
}

const isResolved = (n: AlertNotice) => n.eventType === 'alert.resolved' || n.eventType === 'alert.flapping.stopped';

function amAlert({ notice: n, labels }: LabelledNotice) {
  const r = n.raised;
  const annotations = { summary: `${r.level} ${[r.endpointGroup, r.service, r.hostname, r.metric].filter(Boolean).join('/')} is ${n.status}`, kind: n.eventType };
  const resolved = isResolved(n);
  return { status: resolved ? 'resolved' : 'firing', labels, annotations, startsAt: iso(r.since), endsAt: resolved ? iso(n.at) : '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: r.alertId };
}

/** The key/value pairs every one of the objects has. */
function common(objects: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = objects;
  return Object.fromEntries(Object.entries(first ?? {}).filter(([k, v]) => rest.every((o) => o[k] === v)));
}

function alertmanagerBody(receiver: string, groupKey: string, groupLabels: Labels, status: string, alerts: ReturnType<typeof amAlert>[]): string {
  return JSON.stringify({
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: '',
    alerts,
  });
}

/** Alertmanager's webhook shape (version 4), one alert per message: for receivers built for it. */
export function alertmanagerPayload(n: AlertNotice, receiver: string, labels: Labels = alertLabels(n.tenant, n.raised, n.rule.name)): string {
  const alert = amAlert({ notice: n, labels });
  return alertmanagerBody(receiver, `{}:{alertname=${JSON.stringify(n.rule.name)}}`, { alertname: n.rule.name }, alert.status, [alert]);
}

/** A group notification in Alertmanager's shape: the receiver sees what Alertmanager would send. */
export const alertmanagerGroupPayload = (g: GroupDelivery, receiver: string): string => alertmanagerBody(receiver, g.groupKey, g.groupLabels, g.status, g.alerts.map(amAlert));
