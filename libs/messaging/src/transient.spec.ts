import { errors } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { isTransientNatsError, retryTransient } from './transient';

/** An attempt that fails with `failures` in turn, then answers 'ok'. */
function flaky(failures: unknown[]) {
  let calls = 0;
  const attempt = async () => {
    calls++;
    if (failures.length > 0) throw failures.shift();
    return 'ok';
  };
  return { attempt, calls: () => calls };
}

describe('retryTransient (creating a consumer, recreating a durable)', () => {
  it('retries a timed-out request and returns its eventual answer', async () => {
    const f = flaky([new errors.TimeoutError(), new errors.RequestError('no responders', { cause: new errors.NoRespondersError('$JS.API') })]);
    await expect(retryTransient(f.attempt, 4, 1)).resolves.toBe('ok');
    expect(f.calls()).toBe(3);
  });

  it('gives up after the last try with the timeout itself', async () => {
    const f = flaky([new errors.TimeoutError(), new errors.TimeoutError(), new errors.TimeoutError()]);
    await expect(retryTransient(f.attempt, 3, 1)).rejects.toBeInstanceOf(errors.TimeoutError);
    expect(f.calls()).toBe(3);
  });

  it('fails at once on anything else (a missing stream is not retried)', async () => {
    const f = flaky([new Error('stream not found')]);
    await expect(retryTransient(f.attempt, 4, 1)).rejects.toThrow('stream not found');
    expect(f.calls()).toBe(1);
  });

  it('recognises a timeout nested as the cause of another error', () => {
    expect(isTransientNatsError(new Error('request failed', { cause: new errors.TimeoutError() }))).toBe(true);
    expect(isTransientNatsError(new errors.RequestError('bad request'))).toBe(false);
    expect(isTransientNatsError('timeout')).toBe(false);
  });
});
