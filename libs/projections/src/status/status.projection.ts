import { createHash } from 'node:crypto';
import { map } from 'rxjs';
import { createStatusEngine, restoreStatusEngine, statusItemKey, type StatusChangedData, type StatusEngine, type StatusEngineOptions, type StatusEngineSnapshot } from '@vigil/domain';
import { sequenceOf, type NewEvent, type RecordedEvent } from '@vigil/events';
import type { Projection } from '../projection';
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
export interface StatusProjection extends Projection<StatusWrite> {
  state: StatusState;
  /** Folds one batch (what `project` does per batch); a catch-up replay calls it and drops the write. */
  applyBatch(events: readonly RecordedEvent[]): StatusWrite;
}

export function statusProjection(options: StatusProjectionOptions = {}): StatusProjection {
  const state = options.from ? StatusState.restore(options.from, options.tenantOptions) : new StatusState(options.tenantOptions);
  const everyEvents = options.snapshotEveryEvents ?? 200_000;
  const everyMs = options.snapshotEveryMs ?? 60_000;
  let sinceSnapshot = 0;
  let lastSnapshotAt = Date.now();

  const project = (events: readonly RecordedEvent[]): StatusWrite => {
    const write = new WriteBuilder();
    // Batches hold whole messages: a message at or below the floor was applied already (redelivery).
    const floor = state.sequence;
    for (const e of events) {
      const sequence = sequenceOf(e.position);
      if (sequence <= floor) continue;
      state.apply(e, (tenant, change) => write.add(tenant, change, e.position));
      state.sequence = sequence;
    }
    sinceSnapshot += events.length;
    if (events.length > 0 && (sinceSnapshot >= everyEvents || Date.now() - lastSnapshotAt >= everyMs)) {
      sinceSnapshot = 0;
      lastSnapshotAt = Date.now();
      return { ...write.build(), snapshot: state.snapshot() };
    }
    return write.build();
  };

  return {
    name: 'status',
    version: STATUS_PROJECTION_VERSION,
    types: STATUS_INPUT_TYPES,
    state,
    applyBatch: project,
    project: (batches) => batches.pipe(map(project)),
  };
}

class WriteBuilder {
  private readonly appends = new Map<string, StatusChangeAppend>();
  private readonly history: StatusHistoryRow[] = [];
  private readonly current = new Map<string, StatusCurrentRow>();

  add(tenant: string, c: StatusChangedData, position: number): void {
    const key = statusItemKey(c.level, c);
    const streamId = `shard-${shardOf(c.endpointGroup || c.supergroup)}`;
    const appendKey = `${tenant}/${streamId}`;
    let append = this.appends.get(appendKey);
    if (!append) {
      append = { tenant, streamId, events: [] };
      this.appends.set(appendKey, append);
    }
    append.events.push({ type: 'StatusChanged', data: c, eventId: statusEventId(tenant, position, key), occurredAt: c.since, causationId: c.triggerEventId });
    const row = {
      tenant,
      level: c.level,
      supergroup: c.supergroup,
      endpoint_group: c.endpointGroup,
      function: c.function,
      service: c.service,
      hostname: c.hostname,
      metric: c.metric,
      status: c.status,
      since: new Date(c.since),
      position,
    };
    this.history.push({ ...row, previous_status: c.previousStatus });
    // Only the last change of an item in a batch matters for the current status.
    this.current.set(`${tenant}\u0000${key}`, row);
  }

  build(): StatusWrite {
    return { statusChanges: [...this.appends.values()], historyRows: this.history, currentRows: [...this.current.values()] };
  }
}

/** A UUID-shaped id that only depends on the tenant, the trigger's position and the item. */
export function statusEventId(tenant: string, position: number, itemKey: string): string {
  const h = createHash('sha256').update(`${tenant}\u0000${position}\u0000${itemKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function shardOf(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return String((h >>> 0) % STATUS_SHARDS).padStart(2, '0');
}
