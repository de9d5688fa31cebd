import { Observable } from 'rxjs';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerConfig, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { commitFingerprint, decodeCommit, type RecordedEvent, type SchemaCatalog } from '@vigil/events';
import { consumerInfoOrNull, isConsumerNotFound } from './consumer-info';
import { retryTransient } from './transient';
import type { EventBatch } from './event-batch';

export interface DurableBatchesOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Flush when this many events are buffered... */
  maxEvents: number;
  /** ...or when the oldest buffered message has waited this long. */
  maxWaitMs: number;
  /** Batches emitted but not yet acknowledged; the consumer stops pulling beyond it (backpressure). */
  maxInFlight: number;
  /** Only these event types are decoded and passed on; the others are acknowledged with their batch. */
  types?: readonly string[];
  catalog: SchemaCatalog;
  schemaHeader: string;
}

// Long enough for large inserts while behind, short enough to stay within the 500 ms live latency target.
const CATCH_UP_WAIT_MS = 250;

/**
 * Messages one pull of the event log may bring (durable consumers and log reads alike): a message may
 * be a commit of up to ~2,000 events (~0.5 MB), and what a reader busy folding has pulled must stay
 * below nats-server's 64 MB per-connection pending limit, beyond which the server cuts the connection
 * as a slow consumer (256 did, and 512 in log reads). Hence also one connection per live projector.
 */
export const PULL_MAX_MESSAGES = 64;

/** About five minutes of retries (pauses of up to 5 s, requests timing out after 5 s). */
const RECREATE_TRIES = 40;

/**
 * The durable pull consumer every projector reads the log with (explicit acks), delivering from the
 * message after `startAfter` (0: from the start of the log).
 */
export function projectorConsumerConfig(durable: string, filterSubject: string, startAfter = 0): Partial<ConsumerConfig> {
  const start = startAfter > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startAfter + 1 } : { deliver_policy: DeliverPolicy.All };
  return { durable_name: durable, filter_subject: filterSubject, ack_policy: AckPolicy.Explicit, ack_wait: nanos(60_000), max_ack_pending: 20_000, ...start };
}

/**
 * Creates a durable pull consumer with explicit acks, or resumes one. A resumed durable with
 * deliveries nobody acknowledged (a projector stopped or killed mid-batch) is recreated to deliver
 * again from its ack floor, in log order: left alone, the server would resend those messages only
 * after ack_wait, behind newer ones, and a fold that skips what it has passed would drop them.
 */
async function ensureDurable(nc: NatsConnection, o: DurableBatchesOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const info = await consumerInfoOrNull(jsm, o.stream, o.durable);
  if (!info) {
    await jsm.consumers.add(o.stream, projectorConsumerConfig(o.durable, o.filterSubject));
    return;
  }
  if (info.num_ack_pending === 0) return;
  // Both steps retried for minutes when a busy server times them out (an add that did go through is added
  // again as the same durable): one deleted but not added again would start over from the log's start.
  await retryTransient(() => jsm.consumers.delete(o.stream, o.durable).catch((err: unknown) => (isConsumerNotFound(err) ? true : Promise.reject(err))), RECREATE_TRIES);
  await retryTransient(() => jsm.consumers.add(o.stream, projectorConsumerConfig(o.durable, info.config.filter_subject ?? o.filterSubject, info.ack_floor.stream_seq)), RECREATE_TRIES);
}

/**
 * A JetStream durable pull consumer as an Observable of event batches, batched by count and time.
 * Backpressure: while `maxInFlight` batches await their ack, no further message is taken from the
 * client, which then stops pulling from the server.
 */
export function durableBatches(nc: NatsConnection, o: DurableBatchesOptions): Observable<EventBatch> {
  const fallback = commitFingerprint(o.catalog);
  const types = o.types ? new Set(o.types) : undefined;
  return new Observable<EventBatch>((subscriber) => {
    let closed = false;
    let stop = (): void => undefined;
    let inFlight = 0;
    let wake: (() => void) | undefined;
    let buffer: JsMsg[] = [];
    let events: RecordedEvent[] = [];
    let timer: NodeJS.Timeout | undefined;

    const flush = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (buffer.length === 0 || closed) return;
      const msgs = buffer;
      const batch: EventBatch = {
        events,
        lastSequence: msgs[msgs.length - 1].seq,
        messages: msgs.length,
        ack: () => {
          for (const m of msgs) m.ack();
          inFlight--;
          wake?.();
        },
      };
      buffer = [];
      events = [];
      inFlight++;
      subscriber.next(batch);
    };
    // Live, a batch waits at most maxWaitMs; catching up (messages still pending) it grows up to CATCH_UP_WAIT_MS,
    // so a backlog is written in few large inserts rather than many small ones.
    let behind = 0;
    let oldest = 0;
    const due = (): void => {
      timer = undefined;
      if (behind > 0 && Date.now() - oldest < CATCH_UP_WAIT_MS) timer = setTimeout(due, o.maxWaitMs);
      else flush();
    };
    const capacity = async (): Promise<void> => {
      while (inFlight >= o.maxInFlight && !closed) await new Promise<void>((r) => (wake = r));
    };

    (async () => {
      await ensureDurable(nc, o);
      const consumer = await jetstream(nc).consumers.get(o.stream, o.durable);
      let delivered = (await consumer.info(true)).delivered.consumer_seq;
      // Bounded in messages: pulls bounded by bytes (max_bytes) stalled the status projector on nats-server 2.9.
      const messages = await consumer.consume({ max_messages: PULL_MAX_MESSAGES });
      stop = () => messages.stop();
      if (closed) stop();
      for await (const m of messages) {
        // Batches flushed by the timer count too: a sink slower than the fold would otherwise let batches
        // (and the writes made from them) pile up without end (a catching-up status projector ran out of heap).
        await capacity();
        delivered = checkDelivery(o.durable, delivered, m);
        const decoded = decodeCommit(o.catalog, m.data, m.seq, m.headers?.get(o.schemaHeader) || fallback, types);
        for (const e of decoded) events.push(e);
        buffer.push(m);
        behind = m.info.pending;
        if (!timer) {
          oldest = Date.now();
          timer = setTimeout(due, o.maxWaitMs);
        }
        if (events.length >= o.maxEvents) {
          flush();
          await capacity();
        }
      }
    })().catch((err) => subscriber.error(err));

    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
      stop();
    };
  });
}

/**
 * The server numbers each delivery of a consumer: a skipped number is a delivery that never arrived
 * (a connection cut as a slow consumer drops what the server had queued for it). The server resends
 * it only after ack_wait, behind newer messages, which a fold would skip as already passed: stop
 * instead, so that the restart resumes from the ack floor in log order (see ensureDurable).
 */
function checkDelivery(durable: string, delivered: number, m: JsMsg): number {
  const next = m.info.deliverySequence;
  if (next !== delivered + 1) throw new LostDeliveriesError(durable, delivered, next, m.seq);
  return next;
}

export class LostDeliveriesError extends Error {
  constructor(durable: string, delivered: number, next: number, sequence: number) {
    super(`${durable}: deliveries ${delivered + 1}..${next - 1} never arrived (connection cut?) before stream message ${sequence}; resuming from the ack floor`);
    this.name = 'LostDeliveriesError';
  }
}

/** Messages the durable consumer has not yet delivered: the projector's lag. */
export async function consumerLag(nc: NatsConnection, stream: string, durable: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.info(stream, durable);
  return info.num_pending + info.num_ack_pending;
}
