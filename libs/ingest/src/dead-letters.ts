import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';

export const DEAD_LETTERS_STREAM = 'VIGIL_DEAD_LETTERS';
export const DEAD_METRICS_PREFIX = 'vigil.dead.metrics';

/** Headers of a dead letter; its body is the record (or whole message) exactly as it was sent. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Vigil-Reason',
  /** 0-based index of the record in its message or request; absent when the whole message failed. */
  index: 'Vigil-Record-Index',
  field: 'Vigil-Field',
  /** `nats` or `http`. */
  source: 'Vigil-Source',
  contentType: 'Content-Type',
} as const;

export interface DeadLetter {
  index: number | null;
  field: string | null;
  reason: string;
  payload: Uint8Array;
  contentType: string;
}

export interface DeadLetterOptions {
  stream: string;
  /** Dead letters of tenant t go to `<prefix>.<t>`. */
  prefix: string;
  maxAgeMs: number;
}

export const DEFAULT_DEAD_LETTERS: DeadLetterOptions = { stream: DEAD_LETTERS_STREAM, prefix: DEAD_METRICS_PREFIX, maxAgeMs: 30 * 24 * 3600_000 };

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').slice(0, 1000);

/** Rejected records, kept (30 days by default) with why, for producers to fix and replay. */
export class DeadLetterPublisher {
  published = 0;
  private ready?: Promise<void>;
  private readonly js: JetStreamClient;

  constructor(
    private readonly nc: NatsConnection,
    readonly options: DeadLetterOptions = DEFAULT_DEAD_LETTERS,
  ) {
    this.js = jetstream(nc);
  }

  /** Creates the stream, or adds this prefix to a stream another feature created first. */
  ensureStream(): Promise<void> {
    return (this.ready ??= ensureDeadLetterStream(this.nc, this.options).catch((err) => {
      this.ready = undefined;
      throw err;
    }));
  }

  async publish(tenant: string, source: 'nats' | 'http', letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.ensureStream();
    const subject = `${this.options.prefix}.${tenant}`;
    await Promise.all(
      letters.map((l) => {
        const h = natsHeaders();
        h.set(DEAD_LETTER_HEADERS.reason, oneLine(l.reason));
        if (l.index !== null) h.set(DEAD_LETTER_HEADERS.index, String(l.index));
        if (l.field !== null) h.set(DEAD_LETTER_HEADERS.field, oneLine(l.field));
        h.set(DEAD_LETTER_HEADERS.source, source);
        h.set(DEAD_LETTER_HEADERS.contentType, l.contentType);
        return this.js.publish(subject, l.payload, { headers: h });
      }),
    );
    this.published += letters.length;
  }
}

async function ensureDeadLetterStream(nc: NatsConnection, o: DeadLetterOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const subject = `${o.prefix}.*`;
  const info = await jsm.streams.info(o.stream).catch(() => null);
  if (!info) {
    await jsm.streams
      .add({ name: o.stream, subjects: [subject], storage: StorageType.File, retention: RetentionPolicy.Limits, max_age: nanos(o.maxAgeMs) })
      .catch(async (err) => {
        if (!(await jsm.streams.info(o.stream).catch(() => null))) throw err; // lost a creation race: fine
      });
    return;
  }
  const covered = info.config.subjects?.some((s) => s === subject || (s.endsWith('>') && `${o.prefix}.`.startsWith(s.slice(0, -1))));
  if (!covered) await jsm.streams.update(o.stream, { subjects: [...(info.config.subjects ?? []), subject] });
}
