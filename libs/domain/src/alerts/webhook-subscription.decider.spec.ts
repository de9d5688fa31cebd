import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import type { WebhookEvent } from './alert.events';
import { webhookDecider } from './webhook-subscription.decider';

const given = deciderSpec(webhookDecider, () => ({ view: undefined, now: 0 }));
const filter = { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] };
const subscribed: WebhookEvent = { type: 'WebhookSubscribed', data: { id: 'w1', url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'], filter, format: 'standard', secret: 'whsec_abc' } };

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
      .then([{ type: 'WebhookUpdated', data: { id: 'w1', url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised'], filter, format: 'standard', enabled: true } }]);
  });
  it('removes a subscription; an unknown one is 404', () => {
    given([subscribed]).when({ type: 'Unsubscribe', id: 'w1' }).then([{ type: 'WebhookRemoved', data: { id: 'w1' } }]);
    given().when({ type: 'Unsubscribe', id: 'w1' }).thenNotFound('webhook');
  });
});
