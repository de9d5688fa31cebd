import { readlinkSync } from 'node:fs';
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
 * A holder that died on this machine (kill -9) need not be waited out: its process id is gone,
 * so the next caller takes the lock over at once.
 */
export interface KvLockOptions {
  bucket: string;
  key: string;
  /** A holder silent for this long is presumed dead and its lock expires. */
  ttlMs: number;
  /** Give up waiting for another holder after this long. */
  waitMs: number;
  pollMs?: number;
  /** Told when the lock of a dead process (same machine) is taken over, with that holder's value. */
  onTakeover?: (previous: LockHolder) => void;
}

/** The value of a lock key: who holds it, and where to check whether that process still runs. */
export interface LockHolder {
  holder: string;
  at: string;
  host?: string;
  pid?: number;
  /** The holder's pid namespace (Linux): a pid means the same process only within one namespace. */
  pidNamespace?: string;
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
  const value: LockHolder = { holder, at: new Date().toISOString(), host: hostname(), pid: process.pid, pidNamespace: pidNamespace() };
  return JSON.stringify(value);
}

async function acquire(kv: KV, options: KvLockOptions, holder: string): Promise<number> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      return await kv.create(options.key, lockValue(holder));
    } catch (err) {
      if (!isHeldElsewhere(err)) throw err;
    }
    const taken = await takeOverDead(kv, options, holder);
    if (taken !== undefined) return taken;
    if (Date.now() >= deadline) {
      const current = await kv.get(options.key);
      const expiry = current ? `; last refreshed ${current.created.toISOString()}, so a holder that died releases it by ${new Date(current.created.getTime() + options.ttlMs).toISOString()}` : '';
      throw new LockTimeoutError(`lock ${options.bucket}/${options.key} still held after ${options.waitMs} ms by ${current?.string() ?? 'unknown'}${expiry}`);
    }
    await sleep(options.pollMs ?? 200);
  }
}

/** Replaces the value of a holder whose process is gone; the revision check makes two takers race safely. */
async function takeOverDead(kv: KV, options: KvLockOptions, holder: string): Promise<number | undefined> {
  const current = await kv.get(options.key);
  if (!current || current.operation !== 'PUT' || current.length === 0) return undefined;
  let previous: LockHolder;
  try {
    previous = current.json<LockHolder>();
  } catch {
    return undefined;
  }
  if (!holderDied(previous)) return undefined;
  try {
    const revision = await kv.update(options.key, lockValue(holder), current.revision);
    options.onTakeover?.(previous);
    return revision;
  } catch (err) {
    if (isHeldElsewhere(err)) return undefined;
    throw err;
  }
}

/** True only when sure: same host and pid namespace, and no process with that pid. */
export function holderDied(h: Partial<LockHolder>): boolean {
  const ns = pidNamespace();
  if (h.host !== hostname() || !ns || h.pidNamespace !== ns || typeof h.pid !== 'number' || h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

let namespace: string | null | undefined;
function pidNamespace(): string | undefined {
  if (namespace === undefined) {
    try {
      namespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      namespace = null;
    }
  }
  return namespace ?? undefined;
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
