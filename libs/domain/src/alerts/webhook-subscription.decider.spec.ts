import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import type { WebhookEvent } from './alert.events';
import { webhookDecider } from './webhook-subscription.decider';

const given = deciderSpec(webhookDecider, () => ({ view: undefined, now: 0 }));
const filter = { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] };
const subscribed: WebhookEvent = { type: 'WebhookSubscribed', data: { id: 'w1', url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'], filter, format: 'standard', secret: 'whsec_abc', grouping: null } };

describe('webhook subscriptions', () => {
  it('subscribes with the secret, standard format and an open filter by default', () =>
    given().when({ type: 'Subscribe', id: 'w1', secret: 'whsec_abc', subscription: { url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised', 'alert.raised'] } }).then([subscribed]));
  it('refuses an unknown event type', () =>
    given().when({ type: 'Subscribe', id: 'w1', secret: 's', subscription: { url: 'https://x.org', eventTypes: ['alert.exploded'] } }).thenRejects('UNKNOWN_EVENT_TYPE', 'eventTypes'));
  it('refuses a URL that is not http(s)', () =>
    given().when({ type: 'Subscribe', id: 'w1', secret: 's', subscription: { url: 'ftp://x.org/', eventTypes: ['alert.raised'] } }).thenRejects('INVALID_WEBHOOK_URL', 'url'));
  it('disables a subscription once, and re-enables it through an update', () => {
    const disabled: WebhookEvent = { type: 'WebhookDisabled', data: { id: 'w1', reason: 'receiver answered 410 Gone' } };
    given([subscribed]).when({ type: 'DisableSubscription', id: 'w1', reason: 'receiver answered 410 Gone' }).then([disabled]);
    given([subscribed, disabled]).when({ type: 'DisableSubscription', id: 'w1', reason: 'again' }).then([]);
    given([subscribed, disabled])
      .when({ type: 'UpdateSubscription', id: 'w1', patch: { enabled: true } })
      .then([{ type: 'WebhookUpdated', data: { id: 'w1', url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'], filter, format: 'standard', enabled: true, grouping: null } }]);
  });
  it('removes a subscription; an unknown one is 404', () => {
    given([subscribed]).when({ type: 'Unsubscribe', id: 'w1' }).then([{ type: 'WebhookRemoved', data: { id: 'w1' } }]);
    given().when({ type: 'Unsubscribe', id: 'w1' }).thenNotFound('webhook');
  });
});

describe('webhook grouping', () => {
  const base = { url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'] };
  it('turns grouping on with groupBy and Alertmanager defaults (30 s, 5 min, 4 h)', () =>
    given().when({ type: 'Subscribe', id: 'w1', secret: 'whsec_abc', subscription: { ...base, groupBy: ['alertname', 'alertname', 'endpoint_group'] } })
      .then([{ ...subscribed, data: { ...subscribed.data, grouping: { groupBy: ['alertname', 'endpoint_group'], groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 } } }]));
  it('changes the timers of a grouping, and turns it off with an empty groupBy', () => {
    const grouped: WebhookEvent = { ...subscribed, data: { ...subscribed.data, grouping: { groupBy: ['alertname'], groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 } } };
    const updated = (grouping: unknown) => ({ type: 'WebhookUpdated', data: { id: 'w1', url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'], filter, format: 'standard', enabled: true, grouping } }) as WebhookEvent;
    given([grouped]).when({ type: 'UpdateSubscription', id: 'w1', patch: { groupWait: 0 } }).then([updated({ groupBy: ['alertname'], groupWait: 0, groupInterval: 300_000, repeatInterval: 14_400_000 })]);
    given([grouped]).when({ type: 'UpdateSubscription', id: 'w1', patch: { groupBy: [] } }).then([updated(null)]);
    given([grouped]).when({ type: 'UpdateSubscription', id: 'w1', patch: { groupBy: ['alertname'] } }).then([]);
  });
  it('refuses timers without groupBy, bad label names and a zero interval', () => {
    given().when({ type: 'Subscribe', id: 'w1', secret: 's', subscription: { ...base, groupWait: 1000 } }).thenRejects('GROUPING_NEEDS_GROUP_BY', 'groupBy');
    given().when({ type: 'Subscribe', id: 'w1', secret: 's', subscription: { ...base, groupBy: ['ok', 'no-dash'] } }).thenRejects('INVALID_LABEL_NAME', 'groupBy[1]');
    given().when({ type: 'Subscribe', id: 'w1', secret: 's', subscription: { ...base, groupBy: ['...'], groupInterval: 0 } }).thenRejects('INVALID_GROUP_INTERVAL', 'groupInterval');
  });
});
