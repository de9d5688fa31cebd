import { evolveView, NotFound, RuleViolation, type TopologyEvent } from '@vigil/domain';
import { syncDowntime } from './downtime.sync';
import type { GocdbDowntime, GocdbService, GocdbServiceGroup, GocdbSite, RecordKind, SkippedRecord } from './gocdb.records';
import type { StreamKind } from './gocdb-streams';
import { syncServiceGroup } from './service-group.sync';
import { syncService } from './service.sync';
import { syncSite } from './site.sync';
import type { Change } from './sync-support';
import { FOLDS, tracked, type EventOf, type StateOf, type TenantState, type Tracked } from './tenant-state';

/** GOCDB's records, as parsed. */
export interface GocdbInput {
  sites: GocdbSite[];
  services: GocdbService[];
  serviceGroups: GocdbServiceGroup[];
  downtimes: GocdbDowntime[];
}

export interface RecordRef {
  kind: RecordKind;
  key: string;
  name?: string;
}

/** One append: the events every record added to one stream, expecting the revision read before. */
export interface StreamAppend {
  kind: StreamKind;
  key: string;
  /** null: the stream must not exist yet. */
  expectedRevision: number | null;
  events: { type: string; data: unknown }[];
  records: RecordRef[];
}

export interface ImportPlan {
  /** In the order the records were taken: NGIs and sites before their services, services before groups and downtimes. */
  appends: StreamAppend[];
  changed: RecordRef[];
  unchanged: RecordRef[];
  skipped: SkippedRecord[];
}

/**
 * Diffs GOCDB's records against the tenant's current state: each record yields the events that bring
 * its streams to GOCDB's facts, or nothing when they already match, or is skipped (with its key and
 * the rule it breaks) when a decider refuses it. Later records see the earlier ones' changes. Pure.
 */
export function planImport(input: GocdbInput, current: TenantState, now: number): ImportPlan {
  const planner = new Planner(current);
  const take = <T>(records: T[], ref: (r: T) => RecordRef, sync: (r: T, s: TenantState) => Change[]) =>
    records.forEach((record) => planner.take(ref(record), (state) => sync(record, state)));
  take(input.sites, (s) => ({ kind: 'site', key: s.primaryKey, name: s.shortName }), (s, state) => syncSite(s, state, now));
  take(input.services, (s) => ({ kind: 'service', key: s.primaryKey, name: `${s.hostname} ${s.serviceType}` }), (s, state) => syncService(s, state, now));
  take(input.serviceGroups, (g) => ({ kind: 'serviceGroup', key: g.primaryKey, name: g.name }), (g, state) => syncServiceGroup(g, state, now));
  take(input.downtimes, (d) => ({ kind: 'downtime', key: d.primaryKey, name: d.hostedBy }), (d, state) => syncDowntime(d, state));
  return planner.plan();
}

class Planner {
  private readonly state: TenantState;
  private readonly appends = new Map<string, StreamAppend>();
  private readonly seen = new Set<string>();
  private readonly result: Omit<ImportPlan, 'appends'> = { changed: [], unchanged: [], skipped: [] };

  constructor(current: TenantState) {
    const s = current.streams;
    // Own copies: planning never touches the caller's state.
    this.state = {
      view: current.view,
      streams: { ngi: new Map(s.ngi), site: new Map(s.site), service: new Map(s.service), serviceGroup: new Map(s.serviceGroup), downtime: new Map(s.downtime) },
    };
  }

  take(ref: RecordRef, sync: (state: TenantState) => Change[]): void {
    const id = `${ref.kind}/${ref.key}`;
    if (this.seen.has(id)) return this.skip(ref, 'DUPLICATE_RECORD', `${ref.key} appears more than once; only the first is imported`);
    this.seen.add(id);
    let changes: Change[];
    try {
      changes = sync(this.state);
    } catch (error) {
      if (error instanceof RuleViolation) return this.skip(ref, error.code, error.message);
      if (error instanceof NotFound) return this.skip(ref, 'NOT_FOUND', error.message);
      throw error;
    }
    changes.forEach((change) => this.commit(change, ref));
    (changes.length > 0 ? this.result.changed : this.result.unchanged).push(ref);
    // An NGI appears only when a site names it first: count it as a record of its own.
    for (const c of changes) if (c.kind === 'ngi') this.result.changed.push({ kind: 'ngi', key: c.key });
  }

  plan(): ImportPlan {
    return { appends: [...this.appends.values()], ...this.result };
  }

  private skip(ref: RecordRef, code: string, reason: string): void {
    this.result.skipped.push({ ...ref, code, reason });
  }

  private commit<K extends StreamKind>(change: { kind: K; key: string; events: EventOf<K>[] }, ref: RecordRef): void {
    const streams = this.state.streams[change.kind] as Map<string, Tracked<StateOf<K>>>;
    const before = tracked(this.state.streams, change.kind, change.key);
    const state = change.events.reduce(FOLDS[change.kind].evolve, before.state);
    streams.set(change.key, { state, revision: before.revision });
    if (change.kind !== 'downtime') {
      this.state.view = change.events.reduce((view, e) => evolveView(view, e as TopologyEvent), this.state.view);
    }
    const id = `${change.kind}/${change.key}`;
    const append = this.appends.get(id) ?? { kind: change.kind, key: change.key, expectedRevision: before.revision, events: [], records: [] };
    append.events.push(...change.events.map((e) => ({ type: e.type, data: e.data })));
    if (!append.records.some((r) => r.kind === ref.kind && r.key === ref.key)) append.records.push(ref);
    this.appends.set(id, append);
  }
}
