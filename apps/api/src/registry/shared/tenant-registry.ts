import { ServiceUnavailableException } from '@nestjs/common';
import { buildTopologyView, emptyTopologyView, type TopologyEvent, type TopologyView } from '@vigil/domain';
import type { RecordedEvent } from '@vigil/events';
import { EntityIndex, type EntityIndexDefinition } from './entity-index';
import { categoryOf } from './registry-streams';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndexDefinition = EntityIndexDefinition<any, any>;

const TOPOLOGY_CATEGORIES = new Set<string>([categoryOf('ngi'), categoryOf('site'), categoryOf('service'), categoryOf('serviceGroup')]);

interface Waiter {
  position: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * One tenant's registry as this process knows it: the topology view the deciders check rules
 * against, and one index per entity family for GETs, all fed in log order by one subscription.
 */
export class TenantRegistry {
  private view: TopologyView = emptyTopologyView();
  /** Folded into the view on the next read: a replay copies the view once, not once per event. */
  private pending: TopologyEvent[] = [];
  private position = -1;
  /** Position of this process's latest append to the tenant. */
  private ownHead = -1;
  private failure: Error | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly indexes = new Map<string, EntityIndex<unknown, unknown>>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(definitions: readonly AnyIndexDefinition[]) {
    for (const d of definitions) this.indexes.set(d.category, new EntityIndex(d, () => this.topology));
  }

  get topology(): TopologyView {
    if (this.pending.length > 0) {
      this.view = buildTopologyView(this.pending, this.view);
      this.pending = [];
    }
    return this.view;
  }

  index<R, V>(definition: EntityIndexDefinition<R, V>): EntityIndex<R, V> {
    const index = this.indexes.get(definition.category);
    if (!index) throw new Error(`no index for category ${definition.category}`);
    return index as EntityIndex<R, V>;
  }

  apply(event: RecordedEvent): void {
    if (TOPOLOGY_CATEGORIES.has(event.category)) this.pending.push({ type: event.type, data: event.data } as TopologyEvent);
    this.indexes.get(event.category)?.apply(event);
    this.position = event.position;
    for (const w of this.waiters) if (this.position >= w.position) this.settle(w, () => w.resolve());
  }

  /** The subscription broke: nobody may decide against this view any more. */
  fail(err: Error): void {
    this.failure = err;
    for (const w of this.waiters) this.settle(w, () => w.reject(lagging('the registry view stopped following the event store')));
  }

  /** Resolves once every event up to `position` is applied (a write then sees the previous write). */
  until(position: number, timeoutMs: number, reason: string): Promise<void> {
    if (this.failure) return Promise.reject(lagging('the registry view stopped following the event store'));
    if (this.position >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject };
      this.waiters.add(waiter);
      const timer = setTimeout(() => this.settle(waiter, () => reject(lagging(reason))), timeoutMs);
      waiter.resolve = () => (clearTimeout(timer), resolve());
      waiter.reject = (err) => (clearTimeout(timer), reject(err));
    });
  }

  /** Notes an append of this process: later decisions wait until the view shows it. */
  appended(position: number): void {
    this.ownHead = Math.max(this.ownHead, position);
  }

  /** Resolves once the view shows every append this process made to the tenant. */
  untilOwnWrites(timeoutMs: number): Promise<void> {
    return this.until(this.ownHead, timeoutMs, 'the registry view has not caught up with the latest write yet; retry shortly');
  }

  /** Runs writes of this tenant one at a time, so each decides against the view its predecessor left. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work, work);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private settle(waiter: Waiter, action: () => void): void {
    if (this.waiters.delete(waiter)) action();
  }
}

const lagging = (message: string) =>
  new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'REGISTRY_VIEW_UNAVAILABLE', message });
