import { describe, expect, it } from 'vitest';
import { alertLabels, type AlertRaisedData, type GroupDelivery, type WebhookSubscription } from '@vigil/domain';
import { alertmanagerGroupPayload, alertmanagerPayload, standardGroupPayload, standardPayload, wants, type AlertNotice } from './webhook-payload';

const raised: AlertRaisedData = {
  alertId: 'a-1', ruleId: 'r1', level: 'endpoint', supergroup: 'NGI_CH', endpointGroup: 'CERN-PROD', service: 'SRM', hostname: 'srm.cern.ch', metric: '',
  status: 'CRITICAL', previousStatus: 'OK', kind: 'PROBLEM', since: Date.UTC(2024, 4, 1, 12), labels: { team: 'storage' },
};
const notice = (o: Partial<AlertNotice> = {}): AlertNotice => ({ tenant: 't', eventType: 'alert.raised', raised, status: 'CRITICAL', previousStatus: 'OK', at: Date.UTC(2024, 4, 1, 12, 5), resolvedAt: null, rule: { id: 'r1', name: 'critical SRMs' }, ...o });
const sub = (o: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id: 'w', url: 'https://x.org', eventTypes: ['alert.raised'], filter: { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] }, format: 'standard', secret: 's', enabled: true, disabledReason: null, grouping: null, ...o,
});

describe('webhook payloads', () => {
  it('sends { type, timestamp, data } with the tenant, rule, item keys, statuses and times', () => {
    expect(JSON.parse(standardPayload(notice()))).toEqual({
      type: 'alert.raised',
      timestamp: '2024-05-01T12:05:00.000Z',
      data: { tenant: 't', alertId: 'a-1', rule: { id: 'r1', name: 'critical SRMs' }, kind: 'PROBLEM', level: 'endpoint', supergroup: 'NGI_CH', endpointGroup: 'CERN-PROD', service: 'SRM', hostname: 'srm.cern.ch', metric: '', status: 'CRITICAL', previousStatus: 'OK', since: '2024-05-01T12:00:00.000Z', resolvedAt: null, labels: { team: 'storage' } },
    });
  });

  it('speaks Alertmanager when asked: firing, then resolved with endsAt', () => {
    const firing = JSON.parse(alertmanagerPayload(notice(), 'w'));
    expect(firing).toMatchObject({ version: '4', status: 'firing', receiver: 'w', groupLabels: { alertname: 'critical SRMs' }, alerts: [{ status: 'firing', fingerprint: 'a-1', startsAt: '2024-05-01T12:00:00.000Z', endsAt: '0001-01-01T00:00:00Z', labels: { alertname: 'critical SRMs', hostname: 'srm.cern.ch', endpoint_group: 'CERN-PROD', team: 'storage' } }] });
    expect(firing.alerts[0].labels).not.toHaveProperty('metric');
    const resolved = JSON.parse(alertmanagerPayload(notice({ eventType: 'alert.resolved', status: 'OK', resolvedAt: Date.UTC(2024, 4, 1, 13) }), 'w'));
    expect(resolved).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', endsAt: '2024-05-01T12:05:00.000Z' }] });
  });

  it('delivers only the event types and items a subscription asked for, never to a disabled one', () => {
    expect(wants(sub(), notice())).toBe(true);
    expect(wants(sub({ eventTypes: ['alert.resolved'] }), notice())).toBe(false);
    expect(wants(sub({ filter: { ...sub().filter, endpointGroups: ['OTHER'] } }), notice())).toBe(false);
    expect(wants(sub({ filter: { ...sub().filter, supergroups: ['NGI_CH'], levels: ['endpoint'] } }), notice())).toBe(true);
    expect(wants(sub({ enabled: false }), notice())).toBe(false);
  });

  it('sends a group as one Alertmanager notification: group key and labels, common labels, every alert', () => {
    const other = notice({ raised: { ...raised, alertId: 'a-2', endpointGroup: 'DESY-HH', hostname: 'srm.desy.de' } });
    const withLabels = (n: AlertNotice) => ({ notice: n, labels: alertLabels(n.tenant, n.raised, n.rule.name) });
    const group: GroupDelivery = { kind: 'group', tenant: 't', subscription: sub(), key: 'k', groupKey: '{}:{alertname="critical SRMs"}', groupLabels: { alertname: 'critical SRMs' }, status: 'firing', at: Date.UTC(2024, 4, 1, 12, 6), alerts: [withLabels(notice()), withLabels(other)] };
    const am = JSON.parse(alertmanagerGroupPayload(group, 'w'));
    expect(am).toMatchObject({ version: '4', status: 'firing', groupKey: '{}:{alertname="critical SRMs"}', groupLabels: { alertname: 'critical SRMs' }, commonLabels: { alertname: 'critical SRMs', service: 'SRM', team: 'storage' } });
    expect(am.commonLabels).not.toHaveProperty('endpoint_group');
    expect(am.alerts.map((a: { fingerprint: string }) => a.fingerprint)).toEqual(['a-1', 'a-2']);
    const standard = JSON.parse(standardGroupPayload(group));
    expect(standard).toMatchObject({ type: 'alert.group', timestamp: '2024-05-01T12:06:00.000Z', data: { status: 'firing', groupKey: group.groupKey, alerts: [{ alertId: 'a-1', endpointGroup: 'CERN-PROD' }, { alertId: 'a-2', endpointGroup: 'DESY-HH' }] } });
  });
});
