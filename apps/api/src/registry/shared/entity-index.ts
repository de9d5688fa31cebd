import type { RecordedEvent } from '@vigil/events';
import { NotFound, type TopologyView } from '@vigil/domain';
import { page, type ListQuery, type Page } from './paging';

/** How one entity family's records are folded from its stream's events and shown. */
export interface EntityIndexDefinition<R, View> {
  /** Stream category of the family (see registry-streams). */
  category: string;
  /** The entity name of a 404 (`site`, `serviceGroup`, ...). */
  entity: string;
  /** Event types of the family's streams. */
  types: readonly string[];
  /** Folds one event of an entity's stream into its record (undefined before its first event). */
  evolve(record: R | undefined, event: RecordedEvent): R;
  /** Registered and not removed: what GETs show. */
  exists(record: R): boolean;
  /** The response body of a record (the index adds `revision`); `topology` is the tenant's current one. */
  present(record: R, topology: TopologyView): View;
  /** Deterministic list order; defaults to the entity key. */
  sortKey?(record: R, key: string): string;
}

export interface IndexEntry<R> {
  key: string;
  record: R;
  /** Revision of the entity's stream: what If-Match compares to. */
  revision: number;
}

export type Presented<View> = View & { revision: number };

/** An in-memory, per-tenant index of one entity family, keyed by stream id. */
export class EntityIndex<R, View> {
  private readonly entries = new Map<string, IndexEntry<R>>();

  constructor(
    readonly definition: EntityIndexDefinition<R, View>,
    private readonly topology: () => TopologyView,
  ) {}

  apply(event: RecordedEvent): void {
    const entry = this.entries.get(event.streamId);
    const record = this.definition.evolve(entry?.record, event);
    this.entries.set(event.streamId, { key: event.streamId, record, revision: event.revision });
  }

  find(key: string): IndexEntry<R> | undefined {
    const entry = this.entries.get(key);
    return entry && this.definition.exists(entry.record) ? entry : undefined;
  }

  /** The presented record, or 404. */
  get(key: string): Presented<View> {
    const entry = this.find(key);
    if (!entry) throw new NotFound(this.definition.entity, key);
    return this.present(entry);
  }

  /** The presented record, or undefined once removed. */
  maybe(key: string): Presented<View> | undefined {
    const entry = this.find(key);
    return entry && this.present(entry);
  }

  list(query: ListQuery, filter: (record: R) => boolean = () => true): Page<Presented<View>> {
    const visible = [...this.entries.values()].filter((e) => this.definition.exists(e.record) && filter(e.record));
    const sortKey = this.definition.sortKey;
    return page(visible, (e) => (sortKey ? sortKey(e.record, e.key) : e.key), (e) => this.present(e), query);
  }

  private present(entry: IndexEntry<R>): Presented<View> {
    return { ...this.definition.present(entry.record, this.topology()), revision: entry.revision };
  }
}
