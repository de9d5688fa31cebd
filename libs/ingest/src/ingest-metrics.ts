import { Gauge, type Registry } from 'prom-client';
import type { IngestSource, IngestStats } from './record-ingestor';

/** Records taken by one ingest path, by outcome, read at scrape time. */
export function registerIngestMetrics(registry: Registry, source: IngestSource, stats: IngestStats): void {
  new Gauge({
    name: `vigil_ingest_${source}_records_total`,
    help: `Probe results received over ${source === 'nats' ? 'NATS' : 'HTTP'} since start: accepted (appended), rejected (dead-lettered), unreadable (whole payloads dead-lettered)`,
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.set({ outcome: 'accepted' }, stats.accepted);
      this.set({ outcome: 'rejected' }, stats.rejected);
      this.set({ outcome: 'unreadable' }, stats.unreadable);
    },
  });
}
