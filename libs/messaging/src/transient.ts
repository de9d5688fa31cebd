import { errors } from '@nats-io/transport-node';

/** A NATS request that timed out or found no responder (JetStream busy or restarting): worth another try. */
export function isTransientNatsError(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof errors.TimeoutError || e instanceof errors.NoRespondersError) return true;
    if (e instanceof errors.RequestError && e.isNoResponders()) return true;
  }
  return false;
}

/** Runs `attempt`, retrying transient NATS failures with a growing pause (250 ms, 500 ms, 1 s, ... at most 5 s); others fail at once. */
export async function retryTransient<T>(attempt: () => Promise<T>, tries = 4, pauseMs = 250): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isTransientNatsError(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.min(pauseMs * 2 ** (i - 1), 5_000)));
    }
  }
}
