import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore } from '@vigil/event-store';
import { consumerLag } from '@vigil/messaging';
import type { ClickHouse } from '@vigil/read-models';
import { createTestDatabase } from './clickhouse-database';
import { natsUrl, randomRun } from './servers';

/** NATS, a JetStream event store on a stream of its own and a migrated ClickHouse database, for projection tests. */
export interface EventStoreBed {
  run: string;
  nc: NatsConnection;
  stream: string;
  prefix: string;
  store: JetStreamEventStore;
  database: string;
  clickhouse: ClickHouse;
  /** A KV bucket name of the bed's own, for status snapshots; destroyed on close. */
  snapshotBucket: string;
  /** Appends one event (random event id, any revision) to `<tenant>/<category>/<id>`. */
  append(tenant: string, category: string, id: string, type: string, data: unknown, occurredAt?: number): Promise<void>;
  /** Remembers a hosted projector or worker, to unsubscribe it on close; returns it. */
  started<T extends { subscription: { unsubscribe(): void } }>(hosted: T): T;
  /** Waits until a projector's durable consumer has taken every event of the stream (and exists at all). */
  settle(consumer: { name: string; durable: string }, options?: { attempts?: number }): Promise<void>;
  /** Stops what was started, deletes the stream and snapshot bucket, drops the database, drains the connection. */
  close(): Promise<void>;
}

/** `name` (letters and dashes) tells the test's stream, subject prefix and database apart from other runs'. */
export async function openEventStoreBed(name: string): Promise<EventStoreBed> {
  const run = randomRun();
  const stream = `VIGIL_TEST_${name.toUpperCase().replace(/-/g, '_')}_${run}`;
  const prefix = `vigil.test-${name}-${run}`;
  const nc = await connect({ servers: natsUrl });
  const db = await createTestDatabase(nc, { prefix: `vigil_${name.replace(/-/g, '_')}_test` });
  const store = await JetStreamEventStore.open(nc, { stream, prefix });
  const snapshotBucket = `vigil_${name.replace(/-/g, '_')}_snapshots_${run}`;
  const running: { subscription: { unsubscribe(): void } }[] = [];
  return {
    run, nc, stream, prefix, store, database: db.database, clickhouse: db.clickhouse,
    snapshotBucket,
    async append(tenant, category, id, type, data, occurredAt) {
      await store.append({ tenant, category, id }, [{ type, data, ...(occurredAt === undefined ? {} : { occurredAt }), eventId: randomUUID() }], 'any');
    },
    started(hosted) {
      running.push(hosted);
      return hosted;
    },
    async settle(consumer, { attempts = 600 } = {}) {
      for (let i = 0; i < attempts; i++) {
        if ((await consumerLag(nc, stream, consumer.durable).catch(() => -1)) === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${consumer.name} did not catch up`);
    },
    async close() {
      for (const hosted of running) hosted.subscription.unsubscribe();
      await new Kvm(nc).open(snapshotBucket).then((kv) => kv.destroy()).catch(() => undefined);
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await db.drop();
      await nc.drain();
    },
  };
}
