// Vitest hook versions of the test beds: each registers its own beforeAll/afterAll and returns an object
// that holds the bed once beforeAll has run (read its fields inside tests and hooks, not at import time).
import { afterAll, beforeAll } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { createTestDatabase, type TestDatabase } from './clickhouse-database';
import { openEventStoreBed, type EventStoreBed } from './event-store-bed';
import { natsUrl } from './servers';

/** A migrated ClickHouse database of the file's own (`<prefix>_<random>`), dropped after all its tests. */
export function useTestDatabase(prefix: string): TestDatabase {
  const db = {} as TestDatabase;
  beforeAll(async () => {
    const nc = await connect({ servers: natsUrl }); // the migration lock only
    try {
      Object.assign(db, await createTestDatabase(nc, { prefix }));
    } finally {
      await nc.drain();
    }
  });
  afterAll(async () => {
    await db.drop?.();
  });
  return db;
}

/** An event store bed of the file's own (see openEventStoreBed), closed after all its tests. */
export function useEventStoreBed(name: string): EventStoreBed {
  const bed = {} as EventStoreBed;
  beforeAll(async () => {
    Object.assign(bed, await openEventStoreBed(name));
  });
  afterAll(async () => {
    await bed.close?.();
  });
  return bed;
}
