import { describe, expect, it } from 'vitest';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { AlertRaisedData, WebhookSubscribedData } from '@vigil/domain';
import { catalog } from '@vigil/events';
import { until, useEventStoreBed } from '@vigil/testing';
import { hostWebhookDispatcher } from './webhook-dispatcher';
import type { WebhookJob } from './webhook-streams';

const bed = useEventStoreBed('webhook-dispatch');

const subscribed = (id: string): WebhookSubscribedData => ({
  id, url: 'https://hooks.example.org/vigil', eventTypes: ['alert.raised', 'alert.resolved'], filter: { ruleIds: [], levels: [], supergroups: [], endpointGroups: [], services: [] }, format: 'standard', secret: 'whsec_x', grouping: null,
});
const raised = (alertId: string): AlertRaisedData => ({
  alertId, ruleId: 'r1', level: 'endpoint', supergroup: 'NGI_X', endpointGroup: 'SITE-X', service: 'SRM', hostname: 'srm.x.org', metric: '', status: 'CRITICAL', previousStatus: 'OK', kind: 'PROBLEM', since: Date.now(), labels: {},
});

describe('webhook dispatcher upgrade', () => {
  it('takes over from the version-1 dispatcher: what it delivered is not sent again, but its open alerts still resolve', async () => {
    const tenant = `t_${bed.run}`;
    await bed.append(tenant, 'webhooks', 'all', 'WebhookSubscribed', subscribed('w1'));
    await bed.append(tenant, 'alert', 'a1', 'AlertRaised', raised('a1'));
    // The version-1 dispatcher read only alert events and had acknowledged every one of them.
    const v1 = `projector-${bed.database}-webhook-dispatch-v1`;
    const jsm = await jetstreamManager(bed.nc);
    await jsm.consumers.add(bed.stream, { durable_name: v1, filter_subject: `${bed.prefix}.*.alert.*`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const consumer = await jetstream(bed.nc).consumers.get(bed.stream, v1);
    for await (const m of await consumer.fetch({ max_messages: 10, expires: 1_000 })) {
      await m.ackAck();
      if (m.info.pending === 0) break;
    }

    const jobs: WebhookJob[] = [];
    bed.started(await hostWebhookDispatcher(bed.nc, { schemas: catalog(), stream: bed.stream, prefix: bed.prefix, database: bed.database, maxWaitMs: 20, sink: { write: async (js) => void jobs.push(...js) }, onError: (err) => { throw err; } }));
    await bed.append(tenant, 'alert', 'a2', 'AlertRaised', raised('a2'));
    await until(() => jobs.length, (n) => n >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(jobs.map((j) => [j.eventType, JSON.parse(j.body).data.alertId])).toEqual([['alert.raised', 'a2']]);
    expect(await jsm.consumers.info(bed.stream, v1).catch(() => null)).toBeNull();

    await bed.append(tenant, 'alert', 'a1', 'AlertResolved', { alertId: 'a1', ruleId: 'r1', status: 'OK', resolvedAt: Date.now() });
    await until(() => jobs.length, (n) => n >= 2);
    expect(jobs.map((j) => [j.eventType, JSON.parse(j.body).data.alertId])).toEqual([['alert.raised', 'a2'], ['alert.resolved', 'a1']]);
  });
});
