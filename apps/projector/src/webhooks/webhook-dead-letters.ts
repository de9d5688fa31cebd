import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { NotFound } from '@vigil/domain';
import { DEAD_LETTER_HEADERS } from './webhook-worker';
import type { WebhookJob, WebhookStreams } from './webhook-streams';

export interface WebhookDeadLetter {
  id: number;
  subscriptionId: string;
  webhookId: string;
  eventType: string;
  reason: string;
  attempts: number;
  lastStatus: number;
  failedAt: string;
  payload: unknown;
}

/** A tenant's dead letters, oldest first (ids are their sequence in the dead-letter stream). */
export async function listDeadLetters(nc: NatsConnection, streams: WebhookStreams, tenant: string, limit = 1000): Promise<WebhookDeadLetter[]> {
  const jsm = await jetstreamManager(nc);
  if (!(await jsm.streams.info(streams.dead.stream).catch(() => null))) return [];
  const consumer = await jetstream(nc).consumers.get(streams.dead.stream, { filter_subjects: `${streams.dead.prefix}.${tenant}`, deliver_policy: DeliverPolicy.All });
  const out: WebhookDeadLetter[] = [];
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 256, expires: 1_000 });
    let received = 0;
    let caughtUp = false;
    for await (const m of batch) {
      received++;
      out.push(deadLetterOf(m.seq, parseJob(m.data), m.headers, new Date(m.info.timestampNanos / 1e6)));
      caughtUp = m.info.pending === 0;
      if (caughtUp || out.length >= limit) break;
    }
    if (caughtUp || received === 0 || out.length >= limit) break;
  }
  return out;
}

/** Queues a dead letter again (same webhook-id: receivers deduplicate) and removes it. */
export async function redeliverDeadLetter(nc: NatsConnection, streams: WebhookStreams, tenant: string, id: number): Promise<WebhookDeadLetter> {
  const jsm = await jetstreamManager(nc);
  const msg = Number.isSafeInteger(id) && id > 0 ? await jsm.streams.getMessage(streams.dead.stream, { seq: id }).catch(() => null) : null;
  if (!msg || msg.subject !== `${streams.dead.prefix}.${tenant}`) throw new NotFound('dead letter', String(id));
  const job = parseJob(msg.data);
  await jetstream(nc).publish(`${streams.jobs.prefix}.${tenant}`, msg.data, { msgID: `${job.webhookId}.redeliver.${id}` });
  await jsm.streams.deleteMessage(streams.dead.stream, id);
  return deadLetterOf(id, job, msg.header, msg.time);
}

const parseJob = (data: Uint8Array): WebhookJob => JSON.parse(new TextDecoder().decode(data)) as WebhookJob;

/** A dead letter as listed: the job, and why and when the worker gave it up (its headers). */
function deadLetterOf(id: number, job: WebhookJob, headers: MsgHdrs | undefined, failedAt: Date): WebhookDeadLetter {
  return {
    id,
    subscriptionId: job.subscriptionId,
    webhookId: job.webhookId,
    eventType: job.eventType,
    reason: headers?.get(DEAD_LETTER_HEADERS.reason) ?? '',
    attempts: Number(headers?.get(DEAD_LETTER_HEADERS.attempts) ?? 0),
    lastStatus: Number(headers?.get(DEAD_LETTER_HEADERS.status) ?? 0),
    failedAt: failedAt.toISOString(),
    payload: JSON.parse(job.body),
  };
}
