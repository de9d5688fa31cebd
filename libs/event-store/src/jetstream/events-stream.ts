import { jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

export interface EventsStreamOptions {
  /** JetStream stream name (the product uses VIGIL_EVENTS; benches and tests use their own). */
  name: string;
  /** Subject prefix, e.g. `vigil.events`. */
  prefix: string;
}

/** Creates the events stream if missing: file storage, kept forever, 2-minute dedup window for retries. */
export async function ensureEventsStream(nc: NatsConnection, o: EventsStreamOptions): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(o.name);
  } catch {
    await jsm.streams.add({
      name: o.name,
      subjects: [`${o.prefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(120_000),
      max_msg_size: 1024 * 1024,
    });
  }
  return jsm;
}
