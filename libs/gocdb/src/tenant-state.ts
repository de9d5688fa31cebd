import type { RecordedEvent } from '@vigil/events';
import type { EventStore } from '@vigil/event-store';
import {
  buildTopologyView,
  evolveDowntime,
  evolveNgi,
  evolveService,
  evolveServiceGroup,
  evolveSite,
  initialDowntimeState,
  initialNgiState,
  initialServiceGroupState,
  initialServiceState,
  initialSiteState,
  type DowntimeEvent,
  type DowntimeState,
  type NgiEvent,
  type NgiState,
  type ServiceEvent,
  type ServiceGroupEvent,
  type ServiceGroupState,
  type ServiceState,
  type SiteEvent,
  type SiteState,
  type TopologyEvent,
  type TopologyView,
} from '@vigil/domain';
import { streamOf, type StreamKind, type StreamLister } from './gocdb-streams';

interface Kinds {
  ngi: [NgiState, NgiEvent];
  site: [SiteState, SiteEvent];
  service: [ServiceState, ServiceEvent];
  serviceGroup: [ServiceGroupState, ServiceGroupEvent];
  downtime: [DowntimeState, DowntimeEvent];
}
export type StateOf<K extends StreamKind> = Kinds[K][0];
export type EventOf<K extends StreamKind> = Kinds[K][1];

/** A stream's folded state and its last revision (null: no stream yet). */
export interface Tracked<S> {
  state: S;
  revision: number | null;
}

export type Streams = { [K in StreamKind]: Map<string, Tracked<StateOf<K>>> };

/** What the import diffs against: every topology stream of the tenant and the downtimes it names. */
export interface TenantState {
  view: TopologyView;
  streams: Streams;
}

export const FOLDS: { [K in StreamKind]: { initial: () => StateOf<K>; evolve: (s: StateOf<K>, e: EventOf<K>) => StateOf<K> } } = {
  ngi: { initial: initialNgiState, evolve: evolveNgi },
  site: { initial: initialSiteState, evolve: evolveSite },
  service: { initial: initialServiceState, evolve: evolveService },
  serviceGroup: { initial: initialServiceGroupState, evolve: evolveServiceGroup },
  downtime: { initial: initialDowntimeState, evolve: evolveDowntime },
};

const TOPOLOGY_KINDS = ['ngi', 'site', 'service', 'serviceGroup'] as const;
const READ_CONCURRENCY = 8;

export const emptyStreams = (): Streams => ({ ngi: new Map(), site: new Map(), service: new Map(), serviceGroup: new Map(), downtime: new Map() });

/** The tracked state of a stream, a fresh one when the stream does not exist. */
export function tracked<K extends StreamKind>(streams: Streams, kind: K, key: string): Tracked<StateOf<K>> {
  const map = streams[kind] as Map<string, Tracked<StateOf<K>>>;
  return map.get(key) ?? { state: FOLDS[kind].initial(), revision: null };
}

/** Reads the tenant's whole topology (the view needs every entity) and the named downtimes. */
export async function loadTenantState(store: EventStore, lister: StreamLister, tenant: string, downtimeIds: readonly string[]): Promise<TenantState> {
  const streams = emptyStreams();
  const topology: RecordedEvent[] = [];
  for (const kind of TOPOLOGY_KINDS) {
    const ids = await lister.list(tenant, kind);
    await forEachLimited(ids, async (id) => {
      topology.push(...(await readInto(store, streams, tenant, kind, id)));
    });
  }
  await forEachLimited([...new Set(downtimeIds)], async (id) => void (await readInto(store, streams, tenant, 'downtime', id)));
  // Cross-stream facts (memberships, moves) depend on the global order of the events.
  topology.sort((a, b) => a.position - b.position);
  return { view: buildTopologyView(topology.map((e) => ({ type: e.type, data: e.data }) as TopologyEvent)), streams };
}

async function readInto<K extends StreamKind>(store: EventStore, streams: Streams, tenant: string, kind: K, id: string): Promise<RecordedEvent[]> {
  const events = await store.readStream(streamOf(tenant, kind, id));
  if (events.length === 0) return events;
  const { initial, evolve } = FOLDS[kind];
  const state = events.reduce((s, e) => evolve(s, { type: e.type, data: e.data } as EventOf<K>), initial());
  (streams[kind] as Map<string, Tracked<StateOf<K>>>).set(id, { state, revision: events[events.length - 1].revision });
  return events;
}

async function forEachLimited<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
}
