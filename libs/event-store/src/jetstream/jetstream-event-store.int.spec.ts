import { afterAll } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventStoreContract } from '../event-store.contract';
import { JetStreamEventStore } from './jetstream-event-store';

const connections: NatsConnection[] = [];
afterAll(async () => {
  await Promise.all(connections.map((nc) => nc.close()));
});

// The real local nats-server (infra/local/up.sh); the test streams live beside the product's.
eventStoreContract('jetstream', async () => {
  const nc = await connect({ servers: process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222' });
  connections.push(nc);
  return JetStreamEventStore.open(nc, { stream: 'VIGIL_TEST_EVENTS', prefix: 'vigil.test-events' });
});
