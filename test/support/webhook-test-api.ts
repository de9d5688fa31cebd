// Test support for e2e specs of routes whose alerts are delivered: startTestApi with an event stream of
// its own, the webhook delivery service (dispatcher and worker) reading it, and a loopback receiver, the
// only target allowed. Not exported from index.ts: it loads the apps' modules (as test-api.ts does).
import type { ModuleMetadata } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { loadConfig } from '@vigil/config';
import { catalog } from '@vigil/events';
import type { JetStreamEventStore } from '@vigil/event-store';
import { Registry } from 'prom-client';
import type { LogProjectorOptions } from '../../apps/projector/src/log-projector';
import { WebhookDeliveryService } from '../../apps/projector/src/webhooks/webhook-delivery.service';
import { webhookStreamsFor } from '../../apps/projector/src/webhooks/webhook-streams';
import { randomRun } from './servers';
import { startTestApi, type TestApi } from './test-api';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export interface WebhookTestApi extends TestApi {
  store: JetStreamEventStore;
  events: { stream: string; prefix: string };
  receiver: WebhookReceiver;
  /** Hosts a projector (hostAlertProjector...) on the app's stream and database, batching shortly. */
  projectorOptions: LogProjectorOptions;
  /** Stops the delivery service and starts a new one on the same streams, as a projector restart does. */
  restartDelivery(): Promise<void>;
}

/** `name` and `id` as for startTestApi. Retries are shortened to 3 attempts within a second. */
export async function startWebhookTestApi(name: string, imports: NonNullable<ModuleMetadata['imports']>, id = randomRun()): Promise<WebhookTestApi> {
  const receiver = await startWebhookReceiver();
  const api = await startTestApi(name, imports, { id, events: true, metrics: new Registry(), config: loadConfig({ VIGIL_WEBHOOK_ALLOWLIST: '127.0.0.1' }) });
  const store = api.store!;
  const events = api.events!;
  const startDelivery = async () => {
    const options = { events, schedule: [0, 200, 400], timeoutMs: 2_000, allowlist: ['127.0.0.1'], maxWaitMs: 20 };
    const service = new WebhookDeliveryService(api.nc, catalog(), api.ch, store, loadConfig({}), options);
    await service.onApplicationBootstrap();
    return service;
  };
  let delivery = await startDelivery();
  return {
    ...api,
    store,
    events,
    receiver,
    projectorOptions: { store, clickhouse: api.ch, schemas: catalog(), stream: events.stream, prefix: events.prefix, maxWaitMs: 20, onError: () => undefined },
    async restartDelivery() {
      await delivery.onApplicationShutdown();
      delivery = await startDelivery();
    },
    async close() {
      await delivery.onApplicationShutdown();
      const jsm = await jetstreamManager(api.nc);
      const { jobs, dead } = webhookStreamsFor(api.database);
      for (const stream of [jobs.stream, dead.stream]) await jsm.streams.delete(stream).catch(() => undefined);
      await api.close();
      await receiver.close();
    },
  };
}
