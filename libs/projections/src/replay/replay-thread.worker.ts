// The second thread of replayProjectionsThreaded: its own NATS and ClickHouse clients, its own read of the log.
import { parentPort, workerData } from 'node:worker_threads';
import { catalog } from '@vigil/events';
import { connectNats } from '@vigil/messaging';
import { createClickHouse } from '@vigil/read-models';
import { ReplayProgressStore } from './replay-progress.store';
import { replayProjections } from './replay-runner';
import { selectTargets } from './replay-targets';
import type { ReplayThreadData, ReplayThreadMessage } from './replay-threads';

const port = parentPort!;
const post = (m: ReplayThreadMessage) => port.postMessage(m);

async function main(): Promise<void> {
  const d = workerData as ReplayThreadData;
  const stop = new AbortController();
  port.on('message', (m: unknown) => m === 'abort' && stop.abort());
  const nc = await connectNats(d.natsUrl, 'vigil-replay');
  const clickhouse = createClickHouse({ url: d.clickhouseUrl, database: d.database });
  try {
    const progress = await ReplayProgressStore.open(nc, d.progressBucket);
    const reports = await replayProjections(d.names.flatMap((n) => selectTargets(n)), {
      nc, schemas: catalog(), clickhouse, progress, stream: d.stream, prefix: d.prefix, fromSequence: d.fromSequence, toSequence: d.toSequence, maxEvents: d.maxEvents, signal: stop.signal,
      onProgress: (report) => post({ type: 'progress', report }),
      onNotice: (message) => post({ type: 'notice', message }),
    });
    post({ type: 'done', reports });
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  } finally {
    await clickhouse.close();
    await nc.drain();
    // Closing the port lets the thread end by itself.
    port.close();
  }
}

main().catch((err: unknown) => {
  // Connecting failed: nothing was replayed.
  post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  port.close();
});
