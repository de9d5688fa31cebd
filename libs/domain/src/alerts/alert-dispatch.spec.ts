import { describe, expect, it } from 'vitest';
import type { AlertRaisedData, AlertRuleData, WebhookGrouping, WebhookSubscribedData } from './alert.events';
import { AlertDispatch, type Delivery, type DispatchEvent } from './alert-dispatch';
import type { Matcher } from './matchers';

const T0 = Date.UTC(2026, 10, 24, 12, 0);
const MIN = 60_000;
const tenant = 't1';
let seq = 0;
const ev = (type: string, data: unknown, at = T0, t = tenant): DispatchEvent => ({ type, data, tenant: t, eventId: `e${++seq}`, occurredAt: at });

const rule: Pick<AlertRuleData, 'id' | 'name' | 'sendResolved'> & Partial<AlertRuleData> = { id: 'r1', name: 'critical SRMs', sendResolved: true };
const subscription = (id: string, grouping: WebhookGrouping | null = null, eventTypes = ['alert.raised', 'alert.resolved']): WebhookSubscribedData => ({
  id, url: `https://hooks.example.org/${id}`, eventTypes, filter: { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] }, format: 'standard', secret: 's', grouping,
});
const raised = (alertId: string, endpointGroup: string, o: Partial<AlertRaisedData> = {}): AlertRaisedData => ({
  alertId, ruleId: 'r1', level: 'endpoint', supergroup: 'NGI_CH', endpointGroup, service: 'SRM', hostname: `srm.${endpointGroup.toLowerCase()}`, metric: '', status: 'CRITICAL', previousStatus: 'OK', kind: 'PROBLEM', since: T0, labels: {}, ...o,
});
const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
const grouping = (o: Partial<WebhookGrouping> = {}): WebhookGrouping => ({ groupBy: ['alertname'], groupWait: 30_000, groupInterval: 5 * MIN, repeatInterval: 4 * 60 * MIN, ...o });

/** Short descriptions of deliveries: `sub:type:alertIds`. */
const show = (ds: Delivery[]) => ds.map((d) => (d.kind === 'alert' ? `${d.subscription.id}:${d.notice.eventType}:${d.notice.raised.alertId}` : `${d.subscription.id}:group ${d.status}:${d.alerts.map((a) => `${a.notice.raised.alertId}${a.notice.resolvedAt ? '(resolved)' : ''}`).join(',')}`));

function world(...subs: WebhookSubscribedData[]) {
  const d = new AlertDispatch();
  d.apply(ev('AlertRuleCreated', rule));
  d.apply(ev('AlertRuleCreated', { ...rule, id: 'r2', name: 'site down' }));
  for (const s of subs) d.apply(ev('WebhookSubscribed', s));
  return { d, run: (...events: DispatchEvent[]) => show(events.flatMap((e) => d.apply(e))) };
}
const tick = (minute: number) => ev('ClockTicked', { at: T0 + minute * MIN }, T0 + minute * MIN, '_system');

describe('without grouping', () => {
  it('delivers each alert at once, and its recovery', () => {
    const { run } = world(subscription('w'));
    expect(run(ev('AlertRaised', raised('a1', 'CERN-PROD')), ev('AlertResolved', { alertId: 'a1', ruleId: 'r1', status: 'OK', resolvedAt: T0 + MIN }, T0 + MIN))).toEqual(['w:alert.raised:a1', 'w:alert.resolved:a1']);
  });
});

describe('silences', () => {
  const silence = (id: string, matchers: Matcher[], startsAt: number, endsAt: number) => ev('SilenceCreated', { id, matchers, startsAt, endsAt, createdBy: 'me', comment: 'maintenance', createdAt: startsAt }, startsAt);

  it('holds back a silenced alert and delivers it at the first tick after the silence ends', () => {
    const { run } = world(subscription('w'));
    expect(run(silence('s1', [eq('endpoint_group', 'CERN-PROD')], T0, T0 + 10 * MIN), ev('AlertRaised', raised('a1', 'CERN-PROD'), T0 + MIN), ev('AlertRaised', raised('a2', 'OTHER'), T0 + MIN))).toEqual(['w:alert.raised:a2']);
    expect(run(tick(9))).toEqual([]);
    expect(run(tick(10))).toEqual(['w:alert.raised:a1']);
  });

  it('delivers a held-back alert as soon as its silence is expired', () => {
    const { run } = world(subscription('w'));
    run(silence('s1', [eq('alertname', 'critical SRMs')], T0, T0 + 60 * MIN), ev('AlertRaised', raised('a1', 'CERN-PROD'), T0 + MIN));
    expect(run(ev('SilenceExpired', { id: 's1', expiredAt: T0 + 2 * MIN }, T0 + 2 * MIN))).toEqual(['w:alert.raised:a1']);
  });

  it('sends no recovery of a problem the receiver never got', () => {
    const { run } = world(subscription('w'));
    expect(run(silence('s1', [eq('alertname', 'critical SRMs')], T0, T0 + 60 * MIN), ev('AlertRaised', raised('a1', 'X'), T0 + MIN), ev('AlertResolved', { alertId: 'a1', ruleId: 'r1', status: 'OK', resolvedAt: T0 + 2 * MIN }, T0 + 2 * MIN), tick(61))).toEqual([]);
  });

  it('judges the silence at the alert event time, not when it is replayed', () => {
    const { run } = world(subscription('w'));
    expect(run(silence('s1', [eq('alertname', 'critical SRMs')], T0 + 5 * MIN, T0 + 10 * MIN), ev('AlertRaised', raised('a1', 'X'), T0 + MIN))).toEqual(['w:alert.raised:a1']);
  });
});

describe('inhibition', () => {
  const inhibit = ev('InhibitionRuleCreated', { id: 'i1', sourceMatchers: [eq('alertname', 'site down')], targetMatchers: [eq('alertname', 'critical SRMs')], equal: ['endpoint_group'] });

  it('mutes targets sharing the equal labels while the source fires, and delivers them when it resolves', () => {
    const { run } = world(subscription('w'));
    const source = raised('src', 'CERN-PROD', { ruleId: 'r2', level: 'group', service: '', hostname: '' });
    expect(run(inhibit, ev('AlertRaised', source), ev('AlertRaised', raised('a1', 'CERN-PROD'), T0 + MIN), ev('AlertRaised', raised('a2', 'OTHER'), T0 + MIN))).toEqual(['w:alert.raised:src', 'w:alert.raised:a2']);
    expect(run(tick(5))).toEqual([]);
    expect(run(ev('AlertResolved', { alertId: 'src', ruleId: 'r2', status: 'OK', resolvedAt: T0 + 6 * MIN }, T0 + 6 * MIN))).toEqual(['w:alert.resolved:src', 'w:alert.raised:a1']);
  });
});

describe('grouping', () => {
  it('sends the alerts of a group as one notification after groupWait, rounded up to the next tick', () => {
    const { run, d } = world(subscription('g', grouping({ groupBy: ['alertname'] })), subscription('w'));
    expect(run(ev('AlertRaised', raised('a1', 'A'), T0 + 10_000), ev('AlertRaised', raised('a2', 'B'), T0 + 20_000))).toEqual(['w:alert.raised:a1', 'w:alert.raised:a2']);
    expect(d.pendingGroups(tenant)).toEqual([{ subscriptionId: 'g', groupKey: '{}:{alertname="critical SRMs"}', alerts: 2, dueAt: T0 + 40_000 }]);
    expect(run(tick(0))).toEqual([]);
    expect(run(tick(1))).toEqual(['g:group firing:a1,a2']);
  });

  it('splits groups by the groupBy labels', () => {
    const { run } = world(subscription('g', grouping({ groupBy: ['endpoint_group'], groupWait: 0 })));
    run(ev('AlertRaised', raised('a1', 'A')), ev('AlertRaised', raised('a2', 'B')), ev('AlertRaised', raised('a3', 'A')));
    expect(run(tick(1))).toEqual(['g:group firing:a1,a3', 'g:group firing:a2']);
  });

  it('sends changes no sooner than groupInterval, resolved alerts included, and repeats an unchanged group after repeatInterval', () => {
    const { run } = world(subscription('g', grouping({ groupWait: 0, groupInterval: 5 * MIN, repeatInterval: 60 * MIN })));
    run(ev('AlertRaised', raised('a1', 'A')));
    expect(run(tick(1))).toEqual(['g:group firing:a1']);
    run(ev('AlertRaised', raised('a2', 'B'), T0 + 2 * MIN));
    expect(run(tick(2), tick(5))).toEqual([]);
    expect(run(tick(6))).toEqual(['g:group firing:a1,a2']);
    run(ev('AlertResolved', { alertId: 'a1', ruleId: 'r1', status: 'OK', resolvedAt: T0 + 7 * MIN }, T0 + 7 * MIN));
    expect(run(tick(11))).toEqual(['g:group firing:a2,a1(resolved)']);
    expect(run(...Array.from({ length: 55 }, (_, i) => tick(12 + i)))).toEqual([]);
    expect(run(tick(71))).toEqual(['g:group firing:a2']);
    run(ev('AlertResolved', { alertId: 'a2', ruleId: 'r1', status: 'OK', resolvedAt: T0 + 72 * MIN }, T0 + 72 * MIN));
    expect(run(tick(76))).toEqual(['g:group resolved:a2(resolved)']);
    expect(run(tick(81), tick(200))).toEqual([]);
  });

  it('leaves silenced alerts out of a group notification', () => {
    const { run } = world(subscription('g', grouping({ groupWait: 0 })));
    run(ev('SilenceCreated', { id: 's1', matchers: [eq('endpoint_group', 'A')], startsAt: T0, endsAt: T0 + 60 * MIN, createdBy: 'me', comment: 'c', createdAt: T0 }));
    run(ev('AlertRaised', raised('a1', 'A')), ev('AlertRaised', raised('a2', 'B')));
    expect(run(tick(1))).toEqual(['g:group firing:a2']);
    // Once the silence is expired, the next flush (a groupInterval later) brings it as new.
    run(ev('SilenceExpired', { id: 's1', expiredAt: T0 + 2 * MIN }, T0 + 2 * MIN));
    expect(run(tick(5))).toEqual([]);
    expect(run(tick(6))).toEqual(['g:group firing:a1,a2']);
  });

  it('sends nothing to a disabled grouped subscription, and forgets a removed one', () => {
    const { run, d } = world(subscription('g', grouping({ groupWait: 0 })));
    run(ev('AlertRaised', raised('a1', 'A')), ev('WebhookDisabled', { id: 'g', reason: '410' }));
    expect(run(tick(1))).toEqual([]);
    run(ev('WebhookRemoved', { id: 'g' }));
    expect(d.pendingGroups(tenant)).toEqual([]);
  });
});
