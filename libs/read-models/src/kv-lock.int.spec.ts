import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderDied, LockTimeoutError, withKvLock, type LockHolder } from './kv-lock';
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

/** A process that takes the lock and holds it until it is killed (bin/register.js runs the TypeScript source). */
function holdInChild(options: { bucket: string; key: string; ttlMs: number }): Promise<{ kill(): Promise<void> }> {
  const script = `require('./bin/register.js');
const { connect } = require('@nats-io/transport-node');
const { withKvLock } = require('./libs/read-models/src/kv-lock.ts');
connect({ servers: ${JSON.stringify(natsUrl)} }).then((nc) => withKvLock(nc, { ...${JSON.stringify(options)}, waitMs: 1000 }, () => { process.stdout.write('locked\\n'); return new Promise(() => {}); }));`;
  const child = spawn('node', ['-e', script], { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code} before locking`)));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve({ kill: () => (child.kill('SIGKILL'), exited) });
    });
  });
}

describe('JetStream KV lock of a holder that died', { timeout: 60_000 }, () => {
  it('takes over at once the lock of a process killed with SIGKILL on this machine, and says whose it was', async () => {
    const options = { bucket, key: 'killed-holder', ttlMs: 60_000 };
    const holder = await holdInChild(options);
    // Alive, it keeps the lock.
    await expect(withKvLock(nc, { ...options, waitMs: 300, pollMs: 50 }, async () => 'in')).rejects.toThrow(LockTimeoutError);
    await holder.kill();

    const taken: LockHolder[] = [];
    const started = Date.now();
    const result = await withKvLock(nc, { ...options, waitMs: 5_000, pollMs: 50, onTakeover: (h) => taken.push(h) }, async () => 'in');
    expect(result).toBe('in');
    // Long before the 60 s TTL would have freed it.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ host: hostname() });
    expect(taken[0].pid).not.toBe(process.pid);
  });

  it('waits out a holder it cannot check, and its error says when that lock expires', async () => {
    const options = { bucket, key: 'remote-holder', ttlMs: 60_000, waitMs: 400, pollMs: 50 };
    const kv = await new Kvm(nc).open(bucket);
    const dead = { holder: 'elsewhere', at: new Date().toISOString(), host: 'another-host', pid: 999_999_999, pidNamespace: readlinkSync('/proc/self/ns/pid') };
    await kv.create(options.key, JSON.stringify(dead));
    const attempt = withKvLock(nc, options, async () => 'in');
    await expect(attempt).rejects.toThrow(LockTimeoutError);
    await expect(attempt).rejects.toThrow(/elsewhere.*a holder that died releases it by \d{4}-\d\d-\d\dT/);
  });

  it('presumes dead only a missing process of the same host and pid namespace', () => {
    const here = { holder: 'x', at: '', host: hostname(), pidNamespace: readlinkSync('/proc/self/ns/pid') };
    expect(holderDied({ ...here, pid: 999_999_999 })).toBe(true);
    expect(holderDied({ ...here, pid: process.ppid })).toBe(false);
    expect(holderDied({ ...here, pid: process.pid })).toBe(false);
    expect(holderDied({ ...here, pid: 999_999_999, pidNamespace: 'pid:[1]' })).toBe(false);
    expect(holderDied({ ...here, pid: 999_999_999, host: 'another-host' })).toBe(false);
    // A value written before holders recorded their pid: never taken over, only expired.
    expect(holderDied({ holder: 'crashed' })).toBe(false);
  });
});
