// The ingest thread of IngestThread: its own NATS connection and event store, NatsIngest until 'stop'.
import { parentPort, workerData } from 'node:worker_threads';
import { JetStreamEventStore, KurrentDbEventStore, type EventStore } from '@vigil/event-store';
import { connectNats } from '@vigil/messaging';
import { DeadLetterPublisher } from './dead-letters';
import type { IngestThreadMessage, IngestThreadStore, IngestWorkerData } from './ingest-thread';
import { NatsIngest } from './nats-ingest';
import { ProbeResultAppender } from './probe-result-appender';
import { RecordIngestor } from './record-ingestor';

const port = parentPort!;
const post = (m: IngestThreadMessage) => port.postMessage(m);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function openStore(nc: Parameters<typeof JetStreamEventStore.open>[0], o: IngestThreadStore): Promise<EventStore> {
  return o.kind === 'kurrentdb' ? KurrentDbEventStore.connect(o.url) : JetStreamEventStore.open(nc, { stream: o.stream, prefix: o.prefix });
}

async function main(): Promise<void> {
  const { options, stats } = workerData as IngestWorkerData;
  const counts = new Float64Array(stats);
  const nc = await connectNats(options.natsUrl, 'vigil-ingest');
  const store = await openStore(nc, options.store);
  const ingestor = new RecordIngestor(new ProbeResultAppender(store), new DeadLetterPublisher(nc, options.deadLetters));
  const publish = () => {
    const s = ingestor.stats;
    counts[0] = s.records;
    counts[1] = s.accepted;
    counts[2] = s.rejected;
    counts[3] = s.unreadable;
  };
  const timer = setInterval(publish, 50);
  const running = await NatsIngest.start(nc, ingestor, options.ingest, (err) => post({ type: 'warn', message: `${message(err)} (the message will be redelivered)` }));
  port.on('message', (command: 'stop') => {
    if (command !== 'stop') return;
    void (async () => {
      await running.stop();
      clearInterval(timer);
      publish();
      await store.close();
      await nc.drain();
      post({ type: 'stopped' });
      // Closing the port lets the thread end by itself (terminating it mid-way can take the process down).
      port.close();
    })().catch(fail);
  });
  post({ type: 'ready' });
}

function fail(err: unknown): void {
  post({ type: 'failed', message: message(err) });
  process.exit(1);
}

main().catch(fail);
