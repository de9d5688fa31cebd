import { createStatusEngine, restoreStatusEngine, type StatusChangedData, type StatusEngine, type StatusEngineOptions, type StatusEngineSnapshot } from '@vigil/domain';
import type { NewEvent, RecordedEvent } from '@vigil/events';
import { foldBatch } from '../decisions';
import { foldingProjection, type FoldingProjection } from '../projection';
import { STATUS_INPUT_TYPES, StatusTopology, type StatusTopologySnapshot } from './status-inputs';

export const STATUS_CATEGORY = 'status';
/** Bump when statuses must be recomputed from the log: a new durable consumer and snapshot name. */
export const STATUS_PROJECTION_VERSION = 1;
/** Status changes of a tenant are spread over this many streams (by endpoint group). */
export const STATUS_SHARDS = 16;

export interface StatusHistoryRow {
  tenant: string;
  level: string;
  supergroup: string;
  endpoint_group: string;
  function: string;
  service: string;
  hostname: string;
  metric: string;
  status: string;
  previous_status: string;
  since: Date;
  position: number;
}

export type StatusCurrentRow = Omit<StatusHistoryRow, 'previous_status'>;

export interface StatusChangeAppend {
  tenant: string;
  streamId: string;
  events: NewEvent<StatusChangedData>[];
}

/** Everything the projection's statuses are a function of, and the stream sequence it reflects. */
export interface StatusProjectionSnapshot {
  version: 1;
  sequence: number;
  clock: number;
  tenants: Record<string, { engine: StatusEngineSnapshot; topology: StatusTopologySnapshot }>;
}

export interface StatusWrite {
  statusChanges: StatusChangeAppend[];
  historyRows: StatusHistoryRow[];
  currentRows: StatusCurrentRow[];
  /** Present when a snapshot is due: the state right after this batch. */
  snapshot?: StatusProjectionSnapshot;
}

export interface StatusProjectionOptions {
  /** Engine options of a tenant seen for the first time (freshness, overlay, default profiles). */
  tenantOptions?: (tenant: string) => StatusEngineOptions;
  /** Snapshot after at least this many events... (default 200,000) */
  snapshotEveryEvents?: number;
  /** ...or this long since the last one (default 60 s; wall-clock time only decides when, never what). */
  snapshotEveryMs?: number;
  /** Resume from this snapshot. */
  from?: StatusProjectionSnapshot;
}

interface Tenant {
  engine: StatusEngine;
  topology: StatusTopology;
}

/** The status engines of every tenant, fed with Vigil events in log order. */
export class StatusState {
  readonly tenants = new Map<string, Tenant>();
  clock = 0;
  sequence = 0;

  constructor(private readonly tenantOptions: (tenant: string) => StatusEngineOptions = () => ({})) {}

  static restore(s: StatusProjectionSnapshot, tenantOptions?: (tenant: string) => StatusEngineOptions): StatusState {
    if (s.version !== 1) throw new Error(`unsupported status projection snapshot version ${String(s.version)}`);
    const state = new StatusState(tenantOptions);
    state.clock = s.clock;
    state.sequence = s.sequence;
    for (const [tenant, t] of Object.entries(s.tenants)) state.tenants.set(tenant, { engine: restoreStatusEngine(t.engine), topology: StatusTopology.restore(t.topology) });
    return state;
  }

  snapshot(): StatusProjectionSnapshot {
    const tenants: StatusProjectionSnapshot['tenants'] = {};
    for (const [name, t] of this.tenants) tenants[name] = { engine: t.engine.snapshot(), topology: t.topology.snapshot() };
    return { version: 1, sequence: this.sequence, clock: this.clock, tenants };
  }

  /** Applies one event; calls `emit` for each status change of each tenant it touches. */
  apply(e: RecordedEvent, emit: (tenant: string, change: StatusChangedData) => void): void {
    if (e.type === 'ClockTicked') {
      // Ticks are platform-wide (tenant _system): every tenant's time moves.
      const at = (e.data as { at: number }).at;
      this.clock = Math.max(this.clock, at);
      for (const [name, t] of this.tenants) for (const c of t.engine.apply({ kind: 'tick', eventId: e.eventId, at })) emit(name, c);
      return;
    }
    const t = this.tenant(e.tenant);
    for (const input of t.topology.inputs(e)) for (const c of t.engine.apply(input)) emit(e.tenant, c);
  }

  private tenant(name: string): Tenant {
    let t = this.tenants.get(name);
    if (!t) {
      t = { engine: createStatusEngine({ now: this.clock, ...this.tenantOptions(name) }), topology: new StatusTopology() };
      this.tenants.set(name, t);
    }
    return t;
  }
}

/**
 * Real-time statuses: ONE consumer on every event (nats-server 2.9: one filter), event types
 * filtered client-side. Per batch: the StatusChanged events to append (ids derived from the
 * triggering event's position and the item, so a redelivered batch appends duplicates JetStream
 * drops) and rows for status_history and status_current.
 */
export type StatusProjection = FoldingProjection<StatusState, StatusWrite>;

export function statusProjection(options: StatusProjectionOptions = {}): StatusProjection {
  const state = options.from ? StatusState.restore(options.from, options.tenantOptions) : new StatusState(options.tenantOptions);
  const everyEvents = options.snapshotEveryEvents ?? 200_000;
  const everyMs = options.snapshotEveryMs ?? 60_000;
  let sinceSnapshot = 0;
  let lastSnapshotAt = Date.now();

  const project = (events: readonly RecordedEvent[]): StatusWrite => {
    const write = new WriteBuilder();
    foldBatch(state, events, (e) => state.apply(e, (tenant, change) => write.add(tenant, change, e.position)));
    sinceSnapshot += events.length;
    if (events.length > 0 && (sinceSnapshot >= everyEvents || Date.now() - lastSnapshotAt >= everyMs)) {
      sinceSnapshot = 0;
      lastSnapshotAt = Date.now();
      return { ...write.build(), snapshot: state.snapshot() };
    }
    return write.build();
  };

  return foldingProjection({ name: 'status', version: STATUS_PROJECTION_VERSION, types: STATUS_INPUT_TYPES, state, applyBatch: project });
}

class WriteBuilder {
  private readonly appends: StatusChangeAppend[] = [];
  /** Tenant → endpoint group (or supergroup) → its shard's append: one shard hash per group per batch, not per change. */
  private readonly byGroup = new Map<string, Map<string, StatusChangeAppend>>();
  private readonly history: StatusHistoryRow[] = [];
  /** Current rows by item hash; `collided` keeps rows whose hash another item already took (never lost). */
  private readonly current = new Map<number, StatusCurrentRow>();
  private readonly collided: StatusCurrentRow[] = [];

  add(tenant: string, c: StatusChangedData, position: number): void {
    const [h1, h2] = itemHash(tenant, c);
    this.append(tenant, c.endpointGroup || c.supergroup).events.push({ type: 'StatusChanged', data: c, eventId: statusEventId(position, h1, h2), occurredAt: c.since, causationId: c.triggerEventId });
    // Rows built field by field (no spread, no key strings): this runs for every status change.
    const since = new Date(c.since);
    this.history.push({
      tenant, level: c.level, supergroup: c.supergroup, endpoint_group: c.endpointGroup, function: c.function, service: c.service,
      hostname: c.hostname, metric: c.metric, status: c.status, previous_status: c.previousStatus, since, position,
    });
    const row = { tenant, level: c.level, supergroup: c.supergroup, endpoint_group: c.endpointGroup, function: c.function, service: c.service, hostname: c.hostname, metric: c.metric, status: c.status, since, position };
    // Only the last change of an item in a batch matters for the current status.
    const key = h1 * 2 ** 21 + (h2 & 0x1fffff);
    const seen = this.current.get(key);
    if (seen && !sameItem(seen, row)) this.collided.push(seen);
    this.current.set(key, row);
  }

  private append(tenant: string, group: string): StatusChangeAppend {
    let groups = this.byGroup.get(tenant);
    if (!groups) this.byGroup.set(tenant, (groups = new Map()));
    let append = groups.get(group);
    if (!append) {
      const streamId = `shard-${shardOf(group)}`;
      // Groups of one shard share its append: one commit per shard and tenant per batch.
      append = this.appends.find((a) => a.tenant === tenant && a.streamId === streamId);
      if (!append) this.appends.push((append = { tenant, streamId, events: [] }));
      groups.set(group, append);
    }
    return append;
  }

  build(): StatusWrite {
    const currentRows = this.collided.length === 0 ? [...this.current.values()] : [...this.collided, ...this.current.values()];
    return { statusChanges: this.appends, historyRows: this.history, currentRows };
  }
}

const ITEM_FIELDS = ['level', 'supergroup', 'endpointGroup', 'function', 'service', 'hostname', 'metric'] as const;

const sameItem = (a: StatusCurrentRow, b: StatusCurrentRow): boolean =>
  a.tenant === b.tenant && a.level === b.level && a.supergroup === b.supergroup && a.endpoint_group === b.endpoint_group && a.function === b.function && a.service === b.service && a.hostname === b.hostname && a.metric === b.metric;

/** Two independent 32-bit FNV-1a hashes of the tenant and the item's keys (fields separated): no key string is built. */
export function itemHash(tenant: string, c: StatusChangedData): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 0x01000193);
      h2 = Math.imul(h2 ^ ch, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h1 = Math.imul(h1 ^ 0xff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xff, 0x5bd1e995) ^ (h2 >>> 15);
  };
  mix(tenant);
  for (const f of ITEM_FIELDS) mix(c[f]);
  return [h1 >>> 0, h2 >>> 0];
}

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');

/**
 * A UUID-shaped id that only depends on the trigger's position and the item (tenant and keys, hashed):
 * a redelivered batch gets the same ids, and so the same commit ids JetStream drops as duplicates.
 */
export function statusEventId(position: number, h1: number, h2: number): string {
  const p = hex(position, 14);
  const a = hex(h1, 8);
  const b = hex(h2, 8);
  return `${p.slice(0, 8)}-${p.slice(8, 12)}-5${p.slice(12, 14)}${a[0]}-8${a.slice(1, 4)}-${a.slice(4)}${b}`;
}

function shardOf(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return String((h >>> 0) % STATUS_SHARDS).padStart(2, '0');
}
