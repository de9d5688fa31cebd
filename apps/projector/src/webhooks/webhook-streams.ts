import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/** Where delivery jobs queue and where those that exhausted the schedule wait for an operator. */
export interface WebhookStreams {
  jobs: { stream: string; prefix: string };
  dead: { stream: string; prefix: string };
}

export const DEFAULT_WEBHOOK_STREAMS: WebhookStreams = {
  jobs: { stream: 'VIGIL_WEBHOOKS', prefix: 'vigil.webhooks.jobs' },
  dead: { stream: 'VIGIL_WEBHOOKS_DEAD', prefix: 'vigil.webhooks.dead' },
};

/**
 * The streams of a read-model database: the default database uses VIGIL_WEBHOOKS; another one (a
 * test's) its own, so a work queue is never shared by processes with different stores.
 */
export function webhookStreamsFor(database: string | undefined): WebhookStreams {
  if (!database || database === 'vigil') return DEFAULT_WEBHOOK_STREAMS;
  const up = database.toUpperCase();
  return { jobs: { stream: `VIGIL_WEBHOOKS_${up}`, prefix: `vigil.webhooks.${database}.jobs` }, dead: { stream: `VIGIL_WEBHOOKS_DEAD_${up}`, prefix: `vigil.webhooks.${database}.dead` } };
}

/** One delivery of one alert event to one subscription; webhookId stays the same across retries. */
export interface WebhookJob {
  tenant: string;
  subscriptionId: string;
  webhookId: string;
  eventType: string;
  body: string;
}

const DEAD_LETTER_MAX_AGE_MS = 30 * 24 * 3600_000;

/** A work queue (a job leaves once acknowledged) and a dead-letter stream kept 30 days. */
export async function ensureWebhookStreams(nc: NatsConnection, s: WebhookStreams): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const add = async (name: string, config: Record<string, unknown>) => {
    if (await jsm.streams.info(name).catch(() => null)) return;
    await jsm.streams.add({ name, storage: StorageType.File, num_replicas: 1, ...config }).catch(async (err: unknown) => {
      if (!(await jsm.streams.info(name).catch(() => null))) throw err; // another process created it meanwhile
    });
  };
  await add(s.jobs.stream, { subjects: [`${s.jobs.prefix}.>`], retention: RetentionPolicy.Workqueue, duplicate_window: nanos(120_000) });
  await add(s.dead.stream, { subjects: [`${s.dead.prefix}.>`], retention: RetentionPolicy.Limits, max_age: nanos(DEAD_LETTER_MAX_AGE_MS) });
}
