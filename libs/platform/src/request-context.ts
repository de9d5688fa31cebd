import { AsyncLocalStorage } from 'node:async_hooks';
import type { NewEvent } from '@vigil/events';
import type { EventStore } from '@vigil/event-store';

/** What identifies the request being handled, wherever its work goes (logs, appended events). */
export interface RequestContext {
  /** This request's id (the caller's X-Request-Id when it is a sane token, else a new UUID). */
  reqId: string;
  /** The caller's X-Correlation-Id, else the request id: shared by every event the request appends. */
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request whose work is running, if any. */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** Runs `work` (and everything it starts) as part of the request. */
export const runInRequest = <T>(context: RequestContext, work: () => T): T => storage.run(context, work);

/** Each event the caller left without a correlation id gets the current request's. */
export function correlate(events: readonly NewEvent[], context = currentRequest()): readonly NewEvent[] {
  if (!context) return events;
  return events.map((e) => (e.correlationId == null ? { ...e, correlationId: context.correlationId } : e));
}

/**
 * The store, its appends stamped with the current request's correlation id: every handler's
 * events carry it without each handler passing it on. Everything else goes to the store itself.
 */
export function correlatedEventStore<S extends EventStore>(store: S): S {
  const append: EventStore['append'] = (stream, events, expected) => store.append(stream, correlate(events), expected);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
