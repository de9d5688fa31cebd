import type { StatusId } from '../argo/operations';
import { DAY } from '../shared/time';
import type { DowntimeClassification } from '../downtimes/downtime.events';
import { CompiledProfiles, defaultStatusProfiles, NO_STATUS } from './status-profiles';
import { aggregate, recount, type Aggregate, type EndpointNode, type FunctionNode, type GroupNode, type HostEntry, type MetricNode, type ServiceNode, type SupergroupNode } from './status-tree';
import type {
  DowntimeInput,
  EndpointInput,
  ProfilesInput,
  ResultInput,
  StatusChangedData,
  StatusEngineOptions,
  StatusEngineSnapshot,
  StatusInput,
  StatusLevel,
  SettingsInput,
  StatusProfiles,
  TickInput,
} from './status.types';

/**
 * One tenant's real-time status tree: metric → endpoint → service → function → endpoint group →
 * supergroup, combined only through the operations profile's truth tables.
 *
 * Choices where ARGO's streaming job differs or is silent:
 * - Statuses are a pure function of the latest result per metric, the topology, downtimes, profiles
 *   and the clock (the last tick): that is what a snapshot holds, and restore rebuilds the tree from it.
 * - An expected metric without any result has no status (it takes no part in aggregation) until
 *   the freshness window since its endpoint appeared (was added or became monitored) has passed:
 *   then it is MISSING. A result older than the window at the clock is MISSING at once.
 * - `previousStatus` is '' for an item's first status; `status` is '' when the item leaves the tree.
 * - An endpoint under an overlaying downtime is DOWNTIME even before its first result.
 * - Supergroups combine their endpoint groups with the profile operation, like functions in a group.
 * - Time moves only with ticks; a downtime or topology event is evaluated at the last tick's time.
 * - Settings (freshness windows, which downtimes overlay) change with a 'settings' input: known
 *   metrics' deadlines and endpoints' overlays are judged again under them at the last tick's time.
 */
export class StatusEngine {
  private p: CompiledProfiles;
  private clock: number;
  private freshnessMs: number;
  private metricFreshness: Map<string, number>;
  private classifications: DowntimeClassification[];
  /** Service type → hostname → what is known of that endpoint (nested: no key strings on the hot path). */
  private readonly hosts = new Map<string, Map<string, HostEntry>>();
  /** Declared endpoints (monitored or not) by group, service and hostname, in arrival order. */
  private readonly endpoints = new Map<string, { group: string; service: string; hostname: string; monitored: boolean; appearedAt: number; tags: Record<string, string> | null }>();
  private readonly groupSupergroup = new Map<string, string>();
  private readonly downtimes = new Map<string, Omit<DowntimeInput, 'kind' | 'op' | 'eventId' | 'at'>>();
  private groups = new Map<string, GroupNode>();
  private supergroups = new Map<string, SupergroupNode>();
  private minExpiry = Infinity;
  // Per-input work queues, drained level by level so that an item changes at most once per input.
  private readonly dirtyEndpoints: EndpointNode[] = [];
  private readonly dirtyServices: ServiceNode[] = [];
  private readonly dirtyFunctions: FunctionNode[] = [];
  private readonly dirtyGroups: GroupNode[] = [];
  private readonly dirtySupergroups: SupergroupNode[] = [];
  private out: StatusChangedData[] | null = null;
  private since = 0;
  private trigger: string | null = null;

  constructor(options: StatusEngineOptions = {}) {
    this.p = new CompiledProfiles({ ...defaultStatusProfiles(), ...options.profiles });
    this.clock = options.now ?? 0;
    this.freshnessMs = options.freshnessMs ?? DAY;
    this.metricFreshness = new Map(Object.entries(options.metricFreshnessMs ?? {}));
    this.classifications = [...(options.downtimeClassifications ?? ['SCHEDULED'])];
  }

  /** Applies one input; returns the status changes it causes (bottom-up by level, then by item). */
  apply(input: StatusInput): StatusChangedData[] {
    const out: StatusChangedData[] = [];
    this.out = out;
    this.trigger = input.eventId ?? null;
    switch (input.kind) {
      case 'result':
        this.since = input.timestamp;
        this.result(input);
        break;
      case 'tick':
        this.since = input.at;
        this.tick(input);
        break;
      case 'endpoint':
        this.since = input.at ?? this.clock;
        this.endpoint(input);
        break;
      case 'downtime':
        this.since = input.at ?? this.clock;
        this.downtime(input);
        break;
      case 'profiles':
        this.since = input.at ?? this.clock;
        this.changeProfiles(input);
        break;
      case 'settings':
        this.since = input.at ?? this.clock;
        this.changeSettings(input);
        break;
      default: {
        const unknown: never = input;
        throw new Error(`unknown status input ${JSON.stringify(unknown)}`);
      }
    }
    this.out = null;
    return out.length > 1 ? sortChanges(out) : out;
  }

  /** Every item that has a status now, sorted by level and keys. */
  statuses(): StatusChangedData[] {
    const items: StatusChangedData[] = [];
    const push = (level: StatusLevel, node: Aggregate | MetricNode, keys: Keys) => {
      if (node.status !== NO_STATUS) items.push({ level, ...keys, status: this.p.ops.name(node.status), previousStatus: '', since: 0, triggerEventId: null });
    };
    this.walk(push);
    return sortChanges(items);
  }

  snapshot(): StatusEngineSnapshot {
    const results: StatusEngineSnapshot['results'] = [];
    for (const byHost of this.hosts.values())
      for (const h of byHost.values()) for (const [metric, r] of h.results) results.push([h.service, h.hostname, metric, r.timestamp, r.status, r.actualData]);
    return {
      version: 1,
      clock: this.clock,
      freshnessMs: this.freshnessMs,
      metricFreshnessMs: Object.fromEntries(this.metricFreshness),
      downtimeClassifications: [...this.classifications],
      profiles: this.p.profiles,
      endpoints: [...this.endpoints.values()].map((e) => [e.group, this.groupSupergroup.get(e.group) ?? '', e.service, e.hostname, e.monitored, e.appearedAt, e.tags]),
      results,
      downtimes: [...this.downtimes.values()].map((d) => ({ ...d })),
    };
  }

  /** Loads a snapshot's state into a fresh engine and rebuilds the tree without emitting. */
  static restore(s: StatusEngineSnapshot): StatusEngine {
    if (s.version !== 1) throw new Error(`unsupported status snapshot version ${String(s.version)}`);
    const engine = new StatusEngine({
      profiles: s.profiles,
      now: s.clock,
      freshnessMs: s.freshnessMs,
      metricFreshnessMs: s.metricFreshnessMs,
      downtimeClassifications: s.downtimeClassifications,
    });
    for (const [service, hostname, metric, timestamp, status, actualData] of s.results)
      engine.host(service, hostname).results.set(metric, { timestamp, status, actualData, sid: engine.p.storedStatusId(status) });
    for (const [group, supergroup, service, hostname, monitored, appearedAt, tags] of s.endpoints) {
      engine.endpoints.set(endpointKey(group, service, hostname), { group, service, hostname, monitored, appearedAt, tags });
      engine.groupSupergroup.set(group, supergroup);
    }
    for (const d of s.downtimes) {
      engine.downtimes.set(d.id, { ...d });
      engine.host(d.service, d.hostname).downtimes.add(d.id);
    }
    engine.rebuild();
    return engine;
  }

  // --- inputs ---------------------------------------------------------------------------------

  private result(r: ResultInput): void {
    const sid = this.p.statusId(r.status);
    // A status the profile does not know is not a status: the result is dropped, as ARGO does.
    if (sid === NO_STATUS) return;
    const host = this.host(r.service, r.hostname);
    const seen = host.results.get(r.metric);
    if (seen) {
      // Older than the latest seen for this metric: kept as a raw result elsewhere, never a status.
      if (r.timestamp < seen.timestamp) return;
      seen.timestamp = r.timestamp;
      seen.status = r.status;
      seen.actualData = r.actualData ?? null;
      seen.sid = sid;
    } else host.results.set(r.metric, { timestamp: r.timestamp, status: r.status, actualData: r.actualData ?? null, sid });
    for (const ep of host.nodes) {
      const m = ep.byName.get(r.metric);
      if (m) this.evaluateMetric(ep, m);
    }
    this.flush();
  }

  private tick(t: TickInput): void {
    if (t.at <= this.clock) return;
    this.clock = t.at;
    if (this.clock >= this.minExpiry) this.expireMetrics();
    for (const [id, d] of this.downtimes) {
      const host = this.host(d.service, d.hostname);
      this.refreshOverlay(host);
      // An ended downtime can never overlay again: forget it.
      if (d.end <= this.clock) {
        this.downtimes.delete(id);
        host.downtimes.delete(id);
      }
    }
    this.flush();
  }

  private endpoint(e: EndpointInput): void {
    const key = endpointKey(e.endpointGroup, e.service, e.hostname);
    const known = this.endpoints.get(key);
    if (e.op === 'remove') {
      if (!known) return;
      if (known.monitored) this.detach(known.group, known.service, known.hostname);
      this.endpoints.delete(key);
      this.flush();
      return;
    }
    if (this.groupSupergroup.has(e.endpointGroup) && this.groupSupergroup.get(e.endpointGroup) !== e.supergroup) this.moveGroup(e.endpointGroup, e.supergroup);
    this.groupSupergroup.set(e.endpointGroup, e.supergroup);
    const tags = e.tags ?? null;
    if (!known) {
      const decl = { group: e.endpointGroup, service: e.service, hostname: e.hostname, monitored: e.monitored, appearedAt: this.since, tags };
      this.endpoints.set(key, decl);
      if (decl.monitored) this.attach(decl);
    } else {
      const was = known.monitored;
      known.monitored = e.monitored;
      known.tags = tags;
      if (!was && e.monitored) {
        known.appearedAt = this.since;
        this.attach(known);
      } else if (was && !e.monitored) this.detach(known.group, known.service, known.hostname);
    }
    this.flush();
  }

  private downtime(d: DowntimeInput): void {
    const previous = this.downtimes.get(d.id);
    if (previous) {
      this.host(previous.service, previous.hostname).downtimes.delete(d.id);
      this.downtimes.delete(d.id);
      this.refreshOverlay(this.host(previous.service, previous.hostname));
    }
    if (d.op === 'upsert' && d.end > this.clock) {
      const { id, hostname, service, start, end, severity, classification } = d;
      this.downtimes.set(id, { id, hostname, service, start, end, severity, classification });
      const host = this.host(service, hostname);
      host.downtimes.add(id);
      this.refreshOverlay(host);
    }
    this.flush();
  }

  /** Profiles change rarely: rebuild the whole tree and report what differs. */
  private changeProfiles(input: ProfilesInput): void {
    const next: StatusProfiles = {
      operations: input.operations ?? this.p.profiles.operations,
      aggregation: input.aggregation ?? this.p.profiles.aggregation,
      metricProfile: input.metricProfile ?? this.p.profiles.metricProfile,
      thresholds: input.thresholds ?? this.p.profiles.thresholds,
    };
    let compiled: CompiledProfiles;
    try {
      compiled = new CompiledProfiles(next);
    } catch {
      // Profiles are validated where they are set; one that still does not compile changes nothing.
      return;
    }
    const before = this.itemMap();
    this.p = compiled;
    this.rebuild();
    const after = this.itemMap();
    const out = this.out as StatusChangedData[];
    for (const [key, item] of after) {
      const was = before.get(key);
      if (was?.status !== item.status) out.push({ ...item, previousStatus: was?.status ?? '', since: this.since, triggerEventId: this.trigger });
    }
    for (const [key, item] of before) {
      if (!after.has(key)) out.push({ ...item, status: '', previousStatus: item.status, since: this.since, triggerEventId: this.trigger });
    }
  }

  /**
   * New freshness windows and overlay rule from this input on: every known metric's deadline becomes
   * its latest result (or its endpoint's appearance) plus its new window, judged at the clock, and
   * every endpoint's overlay is judged again under the new rule.
   */
  private changeSettings(s: SettingsInput): void {
    this.freshnessMs = s.freshnessMs;
    this.metricFreshness = new Map(Object.entries(s.metricFreshnessMs));
    this.classifications = [...s.downtimeClassifications];
    this.minExpiry = Infinity;
    for (const group of this.groups.values())
      for (const service of group.services.values())
        for (const ep of service.endpoints.values())
          for (const m of ep.metrics) {
            m.freshness = this.freshness(m.name);
            this.evaluateMetric(ep, m);
          }
    for (const byHost of this.hosts.values()) for (const h of byHost.values()) if (h.downtimes.size > 0) this.refreshOverlay(h);
    this.flush();
  }

  // --- tree maintenance -----------------------------------------------------------------------

  private rebuild(): void {
    const out = this.out;
    this.out = null;
    this.groups = new Map();
    this.supergroups = new Map();
    this.minExpiry = Infinity;
    for (const byHost of this.hosts.values())
      for (const h of byHost.values()) {
        h.nodes = [];
        for (const r of h.results.values()) r.sid = this.p.storedStatusId(r.status);
      }
    for (const decl of this.endpoints.values()) if (decl.monitored) this.attach(decl);
    this.flush();
    this.out = out;
  }

  /** Takes a group out of the tree and puts it back under another supergroup. */
  private moveGroup(group: string, supergroup: string): void {
    const members = [...this.endpoints.values()].filter((d) => d.group === group && d.monitored);
    for (const d of members) this.detach(d.group, d.service, d.hostname);
    this.flush();
    this.groupSupergroup.set(group, supergroup);
    for (const d of members) this.attach(d);
    this.flush();
  }

  private attach(decl: { group: string; service: string; hostname: string; appearedAt: number }): void {
    const metrics = this.p.metricsOf.get(decl.service);
    const table = this.p.serviceTable.get(decl.service);
    // Like ARGO: only service types in the aggregation profile with metrics in the metric profile.
    if (!metrics || metrics.length === 0 || !table) return;
    const group = this.groups.get(decl.group) ?? this.createGroup(decl.group);
    const service = group.services.get(decl.service) ?? this.createService(group, decl.service, table);
    const host = this.host(decl.service, decl.hostname);
    const ep: EndpointNode = {
      ...aggregate(this.p.n),
      host,
      service,
      appearedAt: decl.appearedAt,
      metrics: [],
      byName: new Map(),
      downtime: this.overlays(host),
      removed: false,
    };
    service.endpoints.set(decl.hostname, ep);
    host.nodes.push(ep);
    for (const name of metrics) {
      const m: MetricNode = { name, status: NO_STATUS, expiry: Infinity, freshness: this.freshness(name) };
      ep.metrics.push(m);
      ep.byName.set(name, m);
      this.evaluateMetric(ep, m);
    }
    this.markEndpoint(ep);
  }

  private detach(group: string, service: string, hostname: string): void {
    const ep = this.groups.get(group)?.services.get(service)?.endpoints.get(hostname);
    if (!ep) return;
    for (const m of ep.metrics) this.setMetric(ep, m, NO_STATUS);
    ep.removed = true;
    ep.host.nodes = ep.host.nodes.filter((n) => n !== ep);
    this.markEndpoint(ep);
  }

  private createGroup(name: string): GroupNode {
    const sgName = this.groupSupergroup.get(name) ?? '';
    let supergroup: SupergroupNode | undefined;
    if (sgName !== '') {
      supergroup = this.supergroups.get(sgName);
      if (!supergroup) {
        supergroup = { ...aggregate(this.p.n), name: sgName, groups: new Map() };
        this.supergroups.set(sgName, supergroup);
      }
    }
    const group: GroupNode = { ...aggregate(this.p.n), name, supergroup, services: new Map(), functions: new Map() };
    this.groups.set(name, group);
    supergroup?.groups.set(name, group);
    return group;
  }

  private createService(group: GroupNode, name: string, table: Int8Array): ServiceNode {
    const defs = this.p.functionsOf.get(name) ?? [];
    const functions = defs.map((f) => {
      let fn = group.functions.get(f.name);
      if (!fn) {
        fn = { ...aggregate(this.p.n), name: f.name, group, table: f.table, members: 0 };
        group.functions.set(f.name, fn);
      }
      fn.members++;
      return fn;
    });
    const service: ServiceNode = { ...aggregate(this.p.n), name, group, table, fn: defs[0]?.name ?? '', functions, endpoints: new Map() };
    group.services.set(name, service);
    return service;
  }

  private host(service: string, hostname: string): HostEntry {
    let byHost = this.hosts.get(service);
    if (!byHost) {
      byHost = new Map();
      this.hosts.set(service, byHost);
    }
    let h = byHost.get(hostname);
    if (!h) {
      h = { service, hostname, results: new Map(), nodes: [], downtimes: new Set() };
      byHost.set(hostname, h);
    }
    return h;
  }

  // --- metrics and time -----------------------------------------------------------------------

  private freshness(metric: string): number {
    return this.metricFreshness.get(metric) ?? this.freshnessMs;
  }

  /** Re-derives a metric's status from its latest result (or its absence) at the clock. */
  private evaluateMetric(ep: EndpointNode, m: MetricNode): void {
    const r = ep.host.results.get(m.name);
    const due = (r ? r.timestamp : ep.appearedAt) + m.freshness;
    let status: StatusId;
    if (due <= this.clock) {
      status = this.p.ops.missing;
      m.expiry = Infinity;
    } else {
      status = !r ? NO_STATUS : this.p.thresholds && r.actualData ? this.p.judge(ep.service.group.name, ep.host.hostname, m.name, r.status, r.actualData) : r.sid;
      m.expiry = due;
      if (due < this.minExpiry) this.minExpiry = due;
    }
    this.setMetric(ep, m, status);
  }

  private setMetric(ep: EndpointNode, m: MetricNode, status: StatusId): void {
    if (m.status === status) return;
    if (this.out) this.emit('metric', this.keys(ep.service, ep.host.hostname, m.name), m.status, status);
    recount(ep, m.status, status);
    m.status = status;
    this.markEndpoint(ep);
  }

  private expireMetrics(): void {
    this.minExpiry = Infinity;
    for (const group of this.groups.values())
      for (const service of group.services.values())
        for (const ep of service.endpoints.values())
          for (const m of ep.metrics) {
            if (m.expiry <= this.clock) this.evaluateMetric(ep, m);
            else if (m.expiry < this.minExpiry) this.minExpiry = m.expiry;
          }
  }

  private overlays(host: HostEntry): boolean {
    for (const id of host.downtimes) {
      const d = this.downtimes.get(id);
      if (d && d.severity === 'OUTAGE' && this.classifications.includes(d.classification) && d.start <= this.clock && this.clock < d.end) return true;
    }
    return false;
  }

  private refreshOverlay(host: HostEntry): void {
    const on = this.overlays(host);
    for (const ep of host.nodes) {
      if (ep.downtime === on) continue;
      ep.downtime = on;
      this.markEndpoint(ep);
    }
  }

  // --- propagation ----------------------------------------------------------------------------

  private markEndpoint(ep: EndpointNode): void {
    if (!ep.dirty) (ep.dirty = true), this.dirtyEndpoints.push(ep);
  }

  /** Recomputes dirty nodes level by level, bottom-up, and drops nodes left without children. */
  private flush(): void {
    drain(this.dirtyEndpoints, (ep) => this.flushEndpoint(ep));
    drain(this.dirtyServices, (s) => this.flushService(s));
    drain(this.dirtyFunctions, (f) => this.flushFunction(f));
    drain(this.dirtyGroups, (g) => this.flushGroup(g));
    drain(this.dirtySupergroups, (sg) => this.flushSupergroup(sg));
  }

  private flushEndpoint(ep: EndpointNode): void {
    ep.dirty = false;
    const service = ep.service;
    const before = ep.status;
    const status = ep.removed ? NO_STATUS : ep.downtime ? this.p.ops.down : this.p.fold(this.p.metricTable, ep.counts);
    if (this.change('endpoint', ep, status, () => this.keys(service, ep.host.hostname, ''))) recount(service, before, status);
    if (ep.removed && service.endpoints.get(ep.host.hostname) === ep) service.endpoints.delete(ep.host.hostname);
    mark(service, this.dirtyServices);
  }

  private flushService(s: ServiceNode): void {
    s.dirty = false;
    const empty = s.endpoints.size === 0;
    const before = s.status;
    const status = empty ? NO_STATUS : this.p.fold(s.table, s.counts);
    if (this.change('service', s, status, () => this.keys(s, '', ''))) for (const f of s.functions) recount(f, before, status), mark(f, this.dirtyFunctions);
    if (!empty) return;
    if (s.group.services.get(s.name) === s) s.group.services.delete(s.name);
    for (const f of s.functions) (f.members--, mark(f, this.dirtyFunctions));
    mark(s.group, this.dirtyGroups);
  }

  private flushFunction(f: FunctionNode): void {
    f.dirty = false;
    const empty = f.members === 0;
    const before = f.status;
    const status = empty ? NO_STATUS : this.p.fold(f.table, f.counts);
    if (this.change('function', f, status, () => this.groupKeys(f.group, f.name))) recount(f.group, before, status);
    if (empty && f.group.functions.get(f.name) === f) f.group.functions.delete(f.name);
    mark(f.group, this.dirtyGroups);
  }

  private flushGroup(g: GroupNode): void {
    g.dirty = false;
    const empty = g.services.size === 0;
    const before = g.status;
    const status = empty ? NO_STATUS : this.p.fold(this.p.profileTable, g.counts);
    const changed = this.change('group', g, status, () => this.groupKeys(g, ''));
    const sg = g.supergroup;
    if (!sg) {
      if (empty && this.groups.get(g.name) === g) this.groups.delete(g.name);
      return;
    }
    if (changed) recount(sg, before, status);
    if (empty) {
      if (this.groups.get(g.name) === g) this.groups.delete(g.name);
      if (sg.groups.get(g.name) === g) sg.groups.delete(g.name);
    }
    mark(sg, this.dirtySupergroups);
  }

  private flushSupergroup(sg: SupergroupNode): void {
    sg.dirty = false;
    const empty = sg.groups.size === 0;
    const status = empty ? NO_STATUS : this.p.fold(this.p.profileTable, sg.counts);
    this.change('supergroup', sg, status, () => ({ ...NO_KEYS, supergroup: sg.name }));
    if (empty && this.supergroups.get(sg.name) === sg) this.supergroups.delete(sg.name);
  }

  /** Sets a node's status; emits and returns true when it differs. */
  private change(level: StatusLevel, node: Aggregate, status: StatusId, keys: () => Keys): boolean {
    if (node.status === status) return false;
    const before = node.status;
    node.status = status;
    if (this.out) this.emit(level, keys(), before, status);
    return true;
  }

  private emit(level: StatusLevel, keys: Keys, from: StatusId, to: StatusId): void {
    if (!this.out) return;
    const ops = this.p.ops;
    this.out.push({
      level,
      ...keys,
      status: to === NO_STATUS ? '' : ops.name(to),
      previousStatus: from === NO_STATUS ? '' : ops.name(from),
      since: this.since,
      triggerEventId: this.trigger,
    });
  }

  private keys(s: ServiceNode, hostname: string, metric: string): Keys {
    return { supergroup: s.group.supergroup?.name ?? '', endpointGroup: s.group.name, function: s.fn, service: s.name, hostname, metric };
  }

  private groupKeys(g: GroupNode, fn: string): Keys {
    return { ...NO_KEYS, supergroup: g.supergroup?.name ?? '', endpointGroup: g.name, function: fn };
  }

  private walk(visit: (level: StatusLevel, node: Aggregate | MetricNode, keys: Keys) => void): void {
    for (const sg of this.supergroups.values()) visit('supergroup', sg, { ...NO_KEYS, supergroup: sg.name });
    for (const g of this.groups.values()) {
      visit('group', g, this.groupKeys(g, ''));
      for (const f of g.functions.values()) visit('function', f, this.groupKeys(g, f.name));
      for (const s of g.services.values()) {
        visit('service', s, this.keys(s, '', ''));
        for (const ep of s.endpoints.values()) {
          visit('endpoint', ep, this.keys(s, ep.host.hostname, ''));
          for (const m of ep.metrics) visit('metric', m, this.keys(s, ep.host.hostname, m.name));
        }
      }
    }
  }

  private itemMap(): Map<string, Keys & { level: StatusLevel; status: string }> {
    const items = new Map<string, Keys & { level: StatusLevel; status: string }>();
    this.walk((level, node, keys) => {
      if (node.status !== NO_STATUS) items.set(statusItemKey(level, keys), { level, ...keys, status: this.p.ops.name(node.status) });
    });
    return items;
  }
}

type Keys = Pick<StatusChangedData, 'supergroup' | 'endpointGroup' | 'function' | 'service' | 'hostname' | 'metric'>;

const SEP = '\u0000';
const NO_KEYS: Keys = { supergroup: '', endpointGroup: '', function: '', service: '', hostname: '', metric: '' };

const endpointKey = (group: string, service: string, hostname: string): string => group + SEP + service + SEP + hostname;

/** The identity of an item: its level and keys. */
export const statusItemKey = (level: StatusLevel, k: Keys): string =>
  level + SEP + k.supergroup + SEP + k.endpointGroup + SEP + k.function + SEP + k.service + SEP + k.hostname + SEP + k.metric;

/** Runs `f` over a queue (which only later levels grow meanwhile) and empties it. */
function drain<T>(queue: T[], f: (x: T) => void): void {
  if (queue.length === 0) return;
  for (let i = 0; i < queue.length; i++) f(queue[i]);
  queue.length = 0;
}

function mark<T extends Aggregate>(node: T, queue: T[]): void {
  if (!node.dirty) (node.dirty = true), queue.push(node);
}

/** Bottom-up by level, then by keys: the same order however the tree was built. */
function sortChanges(changes: StatusChangedData[]): StatusChangedData[] {
  // Stable: an item changing twice in one input keeps the order it happened in.
  return changes.sort(compareChanges);
}

const KEY_FIELDS = ['supergroup', 'endpointGroup', 'function', 'service', 'hostname', 'metric'] as const;
const LEVEL_INDEX: Record<StatusLevel, number> = { metric: 0, endpoint: 1, service: 2, function: 3, group: 4, supergroup: 5 };

function compareChanges(a: StatusChangedData, b: StatusChangedData): number {
  const byLevel = LEVEL_INDEX[a.level] - LEVEL_INDEX[b.level];
  if (byLevel !== 0) return byLevel;
  for (const f of KEY_FIELDS) if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
  return 0;
}

export const createStatusEngine = (options: StatusEngineOptions = {}): StatusEngine => new StatusEngine(options);

export const restoreStatusEngine = (snapshot: StatusEngineSnapshot): StatusEngine => StatusEngine.restore(snapshot);
