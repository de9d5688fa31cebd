import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withKvLock } from './kv-lock';
import { natsUrl } from '../../../test/support/servers';

let nc: NatsConnection;
const bucket = `vigil_test_lock_${randomBytes(6).toString('hex')}`;
beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});
afterAll(async () => {
  await (await new Kvm(nc).open(bucket)).destroy();
  await nc.drain();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JetStream KV lock', () => {
  it('keeps a live holder exclusive even when its work outlasts the TTL', async () => {
    const options = { bucket, key: 'long-work', ttlMs: 600, waitMs: 10_000, pollMs: 50 };
    const events: string[] = [];
    const first = withKvLock(nc, options, async () => {
      events.push('first in');
      await sleep(2_000); // more than three TTLs: only the heartbeat keeps the key alive
      events.push('first out');
    });
    await sleep(100);
    const second = withKvLock(nc, options, async () => {
      events.push('second in');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('releases the lock when the work throws', async () => {
    const options = { bucket, key: 'failing-work', ttlMs: 60_000, waitMs: 1_000, pollMs: 50 };
    await expect(withKvLock(nc, options, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withKvLock(nc, options, async () => 'next holder got in')).toBe('next holder got in');
  });
});
