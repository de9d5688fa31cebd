import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { VigilConfig } from '@vigil/config';
import type { Registry } from 'prom-client';
import { IngestStats, IngestThread, registerIngestMetrics, type IngestThreadStore } from '@vigil/ingest';
import { CONFIG, METRICS, Readiness } from '@vigil/platform';

/**
 * Probe results published on `vigil.ingest.metrics.<tenant>` (stream VIGIL_INGEST) into the event
 * store, on a thread of their own (the projectors keep the main one); started on bootstrap, drained
 * before the projectors and connections stop, so every message taken is appended and acknowledged.
 */
@Injectable()
export class IngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Ingest');
  private thread?: IngestThread;
  /** Counts of the threads that ended (restarts) plus the running one's. */
  private readonly ended = new IngestStats();
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    private readonly readiness: Readiness,
    @Optional() @Inject(METRICS) metrics?: Registry,
  ) {
    if (metrics) registerIngestMetrics(metrics, 'nats', this.stats);
    readiness.expect('ingest');
  }

  /** Running totals since this process started, read when /metrics is scraped. */
  get stats(): IngestStats {
    const field = (name: keyof IngestStats) => ({ get: () => this.ended[name] + (this.thread?.stats[name] ?? 0), enumerable: true });
    return Object.defineProperties({} as IngestStats, { records: field('records'), accepted: field('accepted'), rejected: field('rejected'), unreadable: field('unreadable') });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  /** A thread that ends unasked (it failed) is restarted; its unacknowledged messages are redelivered. */
  private async start(): Promise<void> {
    if (this.stopped) return;
    const store: IngestThreadStore = this.config.eventStore === 'kurrentdb' ? { kind: 'kurrentdb', url: this.config.esdbUrl! } : { kind: 'jetstream' };
    const warn = (message: string) => this.log.warn(`ingest: ${message}`);
    try {
      this.thread = await IngestThread.start({ natsUrl: this.config.natsUrl, store }, warn, (reason) => this.restart(`stopped: ${reason}`));
      this.readiness.set('ingest', true, 'VIGIL_INGEST (ingest thread)');
    } catch (err) {
      this.restart(`did not start: ${err instanceof Error ? err.message : err}`);
    }
  }

  private restart(reason: string): void {
    this.log.error(`ingest thread ${reason}; restarting in 2 s`);
    this.readiness.set('ingest', false, `ingest thread ${reason}`);
    this.retire();
    setTimeout(() => void this.start(), 2_000).unref();
  }

  private retire(): void {
    const last = this.thread?.stats;
    if (last) for (const k of ['records', 'accepted', 'rejected', 'unreadable'] as const) this.ended[k] += last[k];
    this.thread = undefined;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.readiness.set('ingest', false, 'stopping');
    await this.thread?.stop();
  }
}
