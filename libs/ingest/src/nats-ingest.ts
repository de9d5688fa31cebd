import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { consumerInfoOrNull } from '@vigil/messaging';
import { JSON_TYPE, parsePayload } from './record-batch';
import type { RecordIngestor } from './record-ingestor';

export const INGEST_STREAM = 'VIGIL_INGEST';
export const INGEST_SUBJECT_PREFIX = 'vigil.ingest.metrics';
export const INGEST_DURABLE = 'vigil-ingest';

export interface NatsIngestOptions {
  stream: string;
  /** Producers publish tenant t's records on `<prefix>.<t>`. */
  prefix: string;
  durable: string;
  /** Messages being ingested at once; no more are taken until one is acknowledged (backpressure)... */
  maxInFlight: number;
  /** ...nor while their payloads add up to this many bytes: few records in flight keep GC cheap. */
  maxInFlightBytes: number;
  /** Redelivery delay of a message whose append failed. */
  retryDelayMs: number;
}

export const DEFAULT_NATS_INGEST: NatsIngestOptions = { stream: INGEST_STREAM, prefix: INGEST_SUBJECT_PREFIX, durable: INGEST_DURABLE, maxInFlight: 1024, maxInFlightBytes: 4 * 1024 * 1024, retryDelayMs: 2_000 };

const TENANT = /^[A-Za-z0-9_-]+$/;

/**
 * The ingest stream: producers get an ack once a message is stored, and it survives restarts until
 * Vigil has appended its records (work-queue retention: acknowledged messages are removed).
 */
export async function ensureIngestStream(nc: NatsConnection, o: Pick<NatsIngestOptions, 'stream' | 'prefix' | 'durable'>): Promise<void> {
  const jsm = await jetstreamManager(nc);
  if (!(await jsm.streams.info(o.stream).catch(() => null))) {
    await jsm.streams
      .add({ name: o.stream, subjects: [`${o.prefix}.*`], storage: StorageType.File, retention: RetentionPolicy.Workqueue, duplicate_window: nanos(120_000) })
      .catch(async (err) => {
        if (!(await jsm.streams.info(o.stream).catch(() => null))) throw err;
      });
  }
  if (!(await consumerInfoOrNull(jsm, o.stream, o.durable))) {
    await jsm.consumers.add(o.stream, { durable_name: o.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: nanos(60_000), max_ack_pending: 10_000 });
  }
}

/**
 * Consumes `<prefix>.<tenant>` messages (see parsePayload for the accepted encodings) through a
 * durable consumer: each is acknowledged once its valid records are appended and its invalid ones
 * dead-lettered, and redelivered after `retryDelayMs` when that failed.
 */
export class NatsIngest {
  private stopped = false;
  private stopPulling = (): void => undefined;
  private inFlight = 0;
  private inFlightBytes = 0;
  private waiters: (() => void)[] = [];
  readonly done: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly ingestor: RecordIngestor,
    private readonly o: NatsIngestOptions,
    private readonly onError: (err: unknown) => void,
  ) {
    this.done = this.run();
  }

  static async start(nc: NatsConnection, ingestor: RecordIngestor, options: Partial<NatsIngestOptions> = {}, onError: (err: unknown) => void = () => undefined): Promise<NatsIngest> {
    const o = { ...DEFAULT_NATS_INGEST, ...options };
    await ensureIngestStream(nc, o);
    return new NatsIngest(nc, ingestor, o, onError);
  }

  /** Stops taking messages and waits for those in flight; unfinished ones are redelivered later. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPulling();
    this.notify();
    while (this.inFlight > 0) await this.settled();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.consume();
      } catch (err) {
        if (this.stopped) return;
        this.onError(err);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async consume(): Promise<void> {
    const consumer = await jetstream(this.nc).consumers.get(this.o.stream, this.o.durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.stopPulling = () => messages.stop();
    if (this.stopped) messages.stop();
    for await (const m of messages) {
      if (this.stopped) break; // not acknowledged: redelivered after ack_wait
      this.inFlight++;
      this.inFlightBytes += m.data.length;
      void this.handle(m).finally(() => {
        this.inFlight--;
        this.inFlightBytes -= m.data.length;
        this.notify();
      });
      while ((this.inFlight >= this.o.maxInFlight || this.inFlightBytes >= this.o.maxInFlightBytes) && !this.stopped) await this.settled();
    }
  }

  private settled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(m: JsMsg): Promise<void> {
    const tenant = m.subject.slice(this.o.prefix.length + 1);
    const contentType = m.headers?.get('Content-Type', 'insensitive') || undefined;
    try {
      if (!TENANT.test(tenant)) {
        await this.ingestor.refuse(tenant, 'nats', m.data, contentType ?? JSON_TYPE, `tenant ${JSON.stringify(tenant)} must match [A-Za-z0-9_-]+`);
      } else {
        const batch = parsePayload(m.data, contentType, this.ingestor.validator);
        if ('error' in batch) await this.ingestor.refuse(tenant, 'nats', m.data, contentType ?? JSON_TYPE, batch.error);
        else await this.ingestor.ingest(tenant, batch, 'nats');
      }
      m.ack();
    } catch (err) {
      this.onError(err);
      m.nak(this.o.retryDelayMs);
    }
  }
}
