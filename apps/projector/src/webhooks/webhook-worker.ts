import { AckPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import { decideWebhook, WEBHOOKS_STREAM } from '@vigil/domain';
import type { EventStore } from '@vigil/event-store';
import type { ClickHouse } from '@vigil/read-models';
import { DEFAULT_RETRY_SCHEDULE_MS, retryAfterMs, retryDelay, signedHeaders, verdictOf, WebhookTargetGuard } from '@vigil/webhooks';
import type { WebhookJob, WebhookStreams } from './webhook-streams';
import { AttemptLog } from './webhook-attempt-log';
import { loadSubscriptions, SubscriptionCache } from './webhook-subscriptions';

export interface WebhookWorkerOptions {
  store: EventStore;
  clickhouse: ClickHouse;
  streams: WebhookStreams;
  guard: WebhookTargetGuard;
  /** Delay before each attempt (Standard Webhooks' schedule by default; tests shorten it). */
  schedule?: readonly number[];
  timeoutMs?: number;
  /** Durable consumer name (tests use their own). */
  durable?: string;
  log?: (message: string) => void;
}

export const DEAD_LETTER_HEADERS = { reason: 'Vigil-Reason', attempts: 'Vigil-Attempts', status: 'Vigil-Last-Status' } as const;

interface AttemptResult {
  status: number | null;
  latencyMs: number;
  error: string;
  retryAfter?: string | null;
}

/**
 * Delivers queued jobs: signed POSTs with a 15 s timeout. 2xx acknowledges; 410 disables the
 * subscription; 429/502/504 wait for Retry-After (or the schedule); other failures retry on the
 * schedule with jitter; after the last attempt the job becomes a dead letter. Every attempt is logged.
 */
export class WebhookWorker {
  private messages?: ConsumerMessages;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly schedule: readonly number[];
  private readonly subscriptions: SubscriptionCache;
  private readonly attempts: AttemptLog;

  constructor(
    private readonly nc: NatsConnection,
    private readonly o: WebhookWorkerOptions,
  ) {
    this.schedule = o.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.subscriptions = new SubscriptionCache(o.store);
    this.attempts = new AttemptLog(o.clickhouse, o.log);
  }

  async start(): Promise<void> {
    const durable = this.o.durable ?? 'webhook-workers';
    const jsm = await jetstreamManager(this.nc);
    if (!(await jsm.consumers.info(this.o.streams.jobs.stream, durable).catch(() => null))) {
      await jsm.consumers.add(this.o.streams.jobs.stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, ack_wait: nanos((this.o.timeoutMs ?? 15_000) * 2 + 5_000), max_ack_pending: 256 });
    }
    const consumer = await jetstream(this.nc).consumers.get(this.o.streams.jobs.stream, durable);
    this.messages = await consumer.consume({ max_messages: 64 });
    void (async () => {
      for await (const m of this.messages!) {
        const p = this.handle(m).catch((err: unknown) => {
          this.o.log?.(`webhook delivery failed: ${String(err)}`);
          m.nak(1_000);
        });
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await Promise.allSettled([...this.inFlight]);
    await this.attempts.close();
  }

  private async handle(m: JsMsg): Promise<void> {
    const job = JSON.parse(new TextDecoder().decode(m.data)) as WebhookJob;
    const attempt = m.info.deliveryCount;
    const sub = (await this.subscriptions.get(job.tenant)).get(job.subscriptionId);
    if (!sub || !sub.enabled) return m.ack(); // removed or disabled since: nothing to deliver
    let result: AttemptResult;
    try {
      await this.o.guard.check(sub.url);
      result = await this.post(sub.url, sub.secret, job);
    } catch (err) {
      result = { status: null, latencyMs: 0, error: (err as Error).message };
      if ((err as { code?: string }).code === 'WEBHOOK_TARGET_FORBIDDEN') {
        this.logAttempt(job, sub.url, attempt, result, 'forbidden');
        return this.deadLetter(m, job, attempt, result);
      }
    }
    const verdict = verdictOf(result.status);
    this.logAttempt(job, sub.url, attempt, result, verdict);
    if (verdict === 'delivered') return m.ack();
    if (verdict === 'gone') {
      await this.disable(job.tenant, job.subscriptionId);
      return m.ack();
    }
    const scheduled = retryDelay(attempt + 1, this.schedule);
    if (scheduled === null) return this.deadLetter(m, job, attempt, result);
    const delay = verdict === 'throttled' ? (retryAfterMs(result.retryAfter) ?? scheduled) : scheduled;
    m.nak(delay);
  }

  private async post(url: string, secret: string, job: WebhookJob): Promise<AttemptResult> {
    const started = Date.now();
    const headers = { 'content-type': 'application/json', 'user-agent': 'Vigil-Webhooks/1', ...signedHeaders(secret, job.webhookId, Math.floor(started / 1000), job.body) };
    try {
      const res = await fetch(url, { method: 'POST', headers, body: job.body, redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000) });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, latencyMs: Date.now() - started, error: res.ok ? '' : `HTTP ${res.status}`, retryAfter: res.headers.get('retry-after') };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { status: null, latencyMs: Date.now() - started, error: e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.message) };
    }
  }

  private logAttempt(job: WebhookJob, url: string, attempt: number, r: AttemptResult, outcome: string): void {
    this.attempts.add({ tenant: job.tenant, subscription_id: job.subscriptionId, webhook_id: job.webhookId, event_type: job.eventType, url, attempt, status: r.status ?? 0, outcome, latency_ms: r.latencyMs, error: r.error, attempted_at: new Date() });
  }

  private async deadLetter(m: JsMsg, job: WebhookJob, attempts: number, r: AttemptResult): Promise<void> {
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, r.error.replace(/[\r\n]+/g, ' ').slice(0, 500) || 'failed');
    h.set(DEAD_LETTER_HEADERS.attempts, String(attempts));
    h.set(DEAD_LETTER_HEADERS.status, String(r.status ?? 0));
    await jetstream(this.nc).publish(`${this.o.streams.dead.prefix}.${job.tenant}`, m.data, { headers: h });
    m.ack();
  }

  private async disable(tenant: string, id: string): Promise<void> {
    const { subscriptions } = await loadSubscriptions(this.o.store, tenant);
    const events = decideWebhook({ type: 'DisableSubscription', id, reason: 'the receiver answered 410 Gone' }, subscriptions);
    if (events.length > 0) await this.o.store.append({ tenant, ...WEBHOOKS_STREAM }, events, 'any');
    this.subscriptions.forget(tenant);
    this.o.log?.(`webhook ${id} of ${tenant} disabled: 410 Gone`);
  }
}
