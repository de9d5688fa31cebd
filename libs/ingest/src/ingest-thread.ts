import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '@vigil/messaging';
import type { DeadLetterOptions } from './dead-letters';
import type { NatsIngestOptions } from './nats-ingest';
import type { IngestStats } from './record-ingestor';

/** Where the ingest thread appends: the platform's event store, as the main thread opens it. */
export type IngestThreadStore = { kind: 'jetstream'; stream?: string; prefix?: string } | { kind: 'kurrentdb'; url: string };

export interface IngestThreadOptions {
  natsUrl: string;
  store: IngestThreadStore;
  ingest?: Partial<NatsIngestOptions>;
  deadLetters?: DeadLetterOptions;
}

export type IngestThreadMessage = { type: 'ready' } | { type: 'warn'; message: string } | { type: 'failed'; message: string } | { type: 'stopped' };

export interface IngestWorkerData {
  options: IngestThreadOptions;
  /** records, accepted, rejected, unreadable: written by the thread, read here without messages. */
  stats: SharedArrayBuffer;
}

export const STAT_FIELDS = ['records', 'accepted', 'rejected', 'unreadable'] as const;

/**
 * NatsIngest (subscribe → validate → append) on a worker thread of its own, so ingest and the
 * projectors of the same process use two cores. `stop` lets the messages in flight finish (their
 * records are appended and acknowledged) before the thread ends; unstarted ones stay queued.
 */
export class IngestThread {
  private readonly counts: Float64Array;
  readonly exited: Promise<number>;
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    shared: SharedArrayBuffer,
  ) {
    this.counts = new Float64Array(shared);
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
  }

  /**
   * Resolves once the thread consumes; `onWarn` gets errors it recovers from (a redelivered message),
   * `onExit` an end that `stop` did not ask for (the thread failed: its unacknowledged messages are redelivered).
   */
  static async start(options: IngestThreadOptions, onWarn: (message: string) => void, onExit: (reason: string) => void = () => undefined): Promise<IngestThread> {
    const shared = new SharedArrayBuffer(STAT_FIELDS.length * Float64Array.BYTES_PER_ELEMENT);
    const data: IngestWorkerData = { options, stats: shared };
    const worker = startTsWorker(path.join(__dirname, 'ingest-thread.worker.ts'), { workerData: data, name: 'vigil-ingest' });
    const thread = new IngestThread(worker, shared);
    let failure = 'exited';
    worker.on('message', (m: IngestThreadMessage) => {
      if (m.type === 'warn') onWarn(m.message);
      else if (m.type === 'failed') failure = m.message;
    });
    worker.on('error', (err) => (failure = err.message));
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: IngestThreadMessage) => m.type === 'ready' && resolve());
      void thread.exited.then((code) => reject(new Error(`ingest thread ${failure} (code ${code}) before it consumed`)));
    });
    void thread.exited.then((code) => thread.stopping || onExit(`${failure} (code ${code})`));
    await ready;
    return thread;
  }

  /** What the thread has taken since it started. */
  get stats(): IngestStats {
    const [records, accepted, rejected, unreadable] = this.counts;
    return { records, accepted, rejected, unreadable };
  }

  /** Drains the thread: in-flight messages are appended and acknowledged, then its connection closes. */
  async stop(timeoutMs = 90_000): Promise<void> {
    if (this.worker.threadId === -1) return;
    this.stopping = true;
    this.worker.postMessage('stop');
    // An append stuck past the ack wait is redelivered anyway: never hang a shutdown on it.
    const timer = setTimeout(() => void this.worker.terminate(), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
