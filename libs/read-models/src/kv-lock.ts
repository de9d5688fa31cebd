import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * A mutual-exclusion lock in a JetStream KV bucket (ClickHouse has no locks).
 * `kv.create` succeeds only when the key is absent, so exactly one holder wins.
 * The bucket's max age is the lock TTL: a crashed holder's key expires on the
 * server (no client clock involved), while a live holder refreshes it.
 */
export interface KvLockOptions {
  bucket: string;
  key: string;
  /** A holder silent for this long is presumed dead and its lock expires. */
  ttlMs: number;
  /** Give up waiting for another holder after this long. */
  waitMs: number;
  pollMs?: number;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

export async function withKvLock<T>(nc: NatsConnection, options: KvLockOptions, work: () => Promise<T>): Promise<T> {
  // Kvm.create opens the bucket when it exists; the TTL applies to the first creator's settings.
  const kv = await new Kvm(nc).create(options.bucket, { ttl: options.ttlMs, history: 1 });
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const revision = await acquire(kv, options, holder);
  const heartbeat = startHeartbeat(kv, options, holder, revision);
  try {
    return await work();
  } finally {
    const last = await heartbeat.stop();
    // Conditional delete: never remove a lock another holder took after ours expired.
    await kv.delete(options.key, { previousSeq: last }).catch(() => undefined);
  }
}

function lockValue(holder: string): string {
  return JSON.stringify({ holder, at: new Date().toISOString() });
}

async function acquire(kv: KV, options: KvLockOptions, holder: string): Promise<number> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      return await kv.create(options.key, lockValue(holder));
    } catch (err) {
      if (!isHeldElsewhere(err)) throw err;
    }
    if (Date.now() >= deadline) {
      const current = await kv.get(options.key);
      throw new LockTimeoutError(
        `lock ${options.bucket}/${options.key} still held after ${options.waitMs} ms by ${current?.string() ?? 'unknown'}`,
      );
    }
    await sleep(options.pollMs ?? 200);
  }
}

function isHeldElsewhere(err: unknown): boolean {
  const codes: number[] = [JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown];
  return err instanceof JetStreamApiError && codes.includes(err.code);
}

interface Heartbeat {
  /** Stops refreshing and returns the lock's latest revision. */
  stop(): Promise<number>;
}

// Rewrites the key every ttl/3 so the server-side expiry only fires for a holder that died.
function startHeartbeat(kv: KV, options: KvLockOptions, holder: string, initial: number): Heartbeat {
  let revision = initial;
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = inFlight.then(async () => {
      // A failed update means the lock expired and was taken over; release then leaves it alone.
      revision = await kv.update(options.key, lockValue(holder), revision).catch(() => revision);
    });
  }, Math.max(50, Math.floor(options.ttlMs / 3)));
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      return revision;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
