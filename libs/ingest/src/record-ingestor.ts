import type { ProbeResultRecorded } from '@vigil/projections';
import type { DeadLetter, DeadLetterPublisher } from './dead-letters';
import { DEFAULT_RULES, type IngestRules } from './metric-data';
import type { ProbeResultAppender } from './probe-result-appender';
import type { RecordBatch } from './record-batch';
import { recordValidator, type RecordValidator } from './record-validator';

export interface Rejection {
  index: number;
  field: string | null;
  reason: string;
}

/** What a producer is told: how many records are now durable, and which were refused and why. */
export interface IngestOutcome {
  accepted: number;
  rejected: Rejection[];
}

export type IngestSource = 'nats' | 'http';

/** Running counts of one ingest path, for logs, /metrics and the bench. */
export class IngestStats {
  records = 0;
  accepted = 0;
  rejected = 0;
  /** Messages or requests that failed as a whole (undecodable payload, unknown tenant). */
  unreadable = 0;
}

/**
 * Checks every record of a batch, appends the valid ones and dead-letters the others; resolves
 * only once both are durable, so an acknowledgement or a 200 never covers data that could be lost.
 */
export class RecordIngestor {
  readonly stats = new IngestStats();
  readonly validator: RecordValidator;

  constructor(
    private readonly appender: ProbeResultAppender,
    private readonly deadLetters: DeadLetterPublisher,
    rules: IngestRules = DEFAULT_RULES,
    private readonly clock: () => number = Date.now,
  ) {
    this.validator = recordValidator(rules);
  }

  async ingest(tenant: string, batch: RecordBatch, source: IngestSource): Promise<IngestOutcome> {
    const now = this.clock();
    const results: ProbeResultRecorded[] = [];
    const rejected: Rejection[] = [];
    const letters: DeadLetter[] = [];
    for (let index = 0; index < batch.size; index++) {
      const verdict = batch.check(index, now);
      if (verdict.ok) {
        results.push(verdict.result);
      } else {
        rejected.push({ index, field: verdict.field, reason: verdict.reason });
        letters.push({ index, field: verdict.field, reason: verdict.reason, payload: batch.original(index), contentType: batch.contentType });
      }
    }
    // Appends are queued synchronously here, so a shard keeps the order in which batches arrived.
    await Promise.all([this.appender.append(tenant, results), this.deadLetters.publish(tenant, source, letters)]);
    this.stats.records += batch.size;
    this.stats.accepted += results.length;
    this.stats.rejected += rejected.length;
    return { accepted: results.length, rejected };
  }

  /** A payload that could not be read at all goes to the dead letters whole. */
  async refuse(tenant: string, source: IngestSource, payload: Uint8Array, contentType: string, reason: string): Promise<void> {
    await this.deadLetters.publish(tenant, source, [{ index: null, field: null, reason, payload, contentType }]);
    this.stats.unreadable++;
  }
}
