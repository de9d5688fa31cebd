import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '@vigil/config';
import { decideWebhook, WEBHOOKS_STREAM } from '@vigil/domain';
import { JetStreamEventStore } from '@vigil/event-store';
import { productMigrationsDirectory, runMigrations } from '@vigil/read-models';
import { generateSecret, WebhookTargetGuard } from '@vigil/webhooks';
import { ensureWebhookStreams, webhookStreamsFor, type WebhookJob } from '../../../apps/projector/src/webhooks/webhook-streams';
import { WebhookWorker } from '../../../apps/projector/src/webhooks/webhook-worker';
import type { BenchPart } from '../bench-parts';

const STREAM = 'VIGIL_BENCH_WEBHOOK_EVENTS';
const PREFIX = 'vigil.bench-webhook-events';
const TENANT = 'bench';
const DELIVERIES = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 1_000);

/**
 * `webhook.deliveries`: queued delivery jobs (alert.raised bodies as the dispatch writes them) taken
 * from the real JetStream work queue by the real WebhookWorker: subscription lookup in the event
 * store, SSRF guard (loopback allow-listed as VIGIL_WEBHOOK_ALLOWLIST=127.0.0.1), Standard Webhooks
 * signature, HTTP POST to a loopback receiver answering 204, ack and the webhook_attempts row.
 */
export const part: BenchPart = {
  name: 'webhook.deliveries',
  async run(ctx) {
    const { nc } = ctx;
    const config = loadConfig({ ...process.env, VIGIL_WEBHOOK_ALLOWLIST: '127.0.0.1' });
    await runMigrations({ clickhouse: { url: config.clickhouseUrl, database: ctx.clickhouse.database! }, directory: productMigrationsDirectory, nats: nc });
    const streams = webhookStreamsFor(`${ctx.clickhouse.database}_deliveries`);
    const jsm = await jetstreamManager(nc);
    const drop = async () => {
      for (const s of [STREAM, streams.jobs.stream, streams.dead.stream]) await jsm.streams.delete(s).catch(() => undefined);
    };
    let received = 0;
    let firstBody: { headers: Record<string, string>; body: string } | undefined;
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => (done = r));
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        firstBody ??= { headers: req.headers as Record<string, string>, body };
        res.writeHead(204).end();
        if (++received >= DELIVERIES) done();
      });
    });
    let worker: WebhookWorker | undefined;
    try {
      await drop();
      await jsm.streams.add({ name: STREAM, subjects: [`${PREFIX}.>`] });
      await ensureWebhookStreams(nc, streams);
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const store = await JetStreamEventStore.open(nc, { stream: STREAM, prefix: PREFIX });
      const secret = generateSecret();
      const subscribed = decideWebhook({ type: 'Subscribe', id: 'bench-sub', secret, subscription: { url, eventTypes: ['alert.raised'] } }, new Map());
      await store.append({ tenant: TENANT, ...WEBHOOKS_STREAM }, subscribed, 'no-stream');
      // The jobs queue first (as a burst of alerts would), then the worker drains them.
      const js = jetstream(nc);
      const body = JSON.stringify({ type: 'alert.raised', timestamp: new Date().toISOString(), data: { tenant: TENANT, kind: 'PROBLEM', level: 'endpoint', endpointGroup: 'BENCH-SITE', service: 'SRM', status: 'CRITICAL' } });
      let next = 0;
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < DELIVERIES) {
            const job: WebhookJob = { tenant: TENANT, subscriptionId: 'bench-sub', webhookId: `msg_bench_${next++}`, eventType: 'alert.raised', body };
            await js.publish(`${streams.jobs.prefix}.${TENANT}`, JSON.stringify(job), { msgID: job.webhookId });
          }
        }),
      );
      worker = new WebhookWorker(nc, { store, clickhouse: ctx.clickhouse, streams, guard: new WebhookTargetGuard(config.webhookAllowlist), durable: 'bench-webhook-workers', log: (m) => process.stderr.write(`bench: ${m}\n`) });
      const start = process.hrtime.bigint();
      await worker.start();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${received} of ${DELIVERIES} deliveries within 300 s`)), 300_000).unref());
      await Promise.race([all, timeout]);
      const rate = DELIVERIES / (Number(process.hrtime.bigint() - start) / 1e9);
      new Webhook(secret).verify(firstBody!.body, firstBody!.headers); // they were signed deliveries
      ctx.report.absolute('webhook.deliveries', rate, 'deliveries/s', 'higher');
      // Target: a delivery per 1,000 raw publishes (≈ 1,460/s at the quiet 1.46M/s raw.publish): a whole NGI's alert storm in seconds.
      ctx.report.ratio('webhook.deliveries.ratio', rate, 'deliveries/s', ctx.baseline('raw.publish'), 0.001);
      ctx.report.note(`webhook.deliveries: ${DELIVERIES.toLocaleString('en')} queued jobs through the work queue and WebhookWorker (store lookup, SSRF guard, signing, POST to a loopback receiver, attempt row in ClickHouse); one subscription, receiver answers 204`);
    } finally {
      await worker?.stop().catch(() => undefined);
      receiver.close();
      await drop();
    }
  },
};
