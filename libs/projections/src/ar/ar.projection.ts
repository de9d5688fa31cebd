import { map } from 'rxjs';
import { ContinuousAr, type ArItemKeys, type ArReport, type StatusChangedData, type SupergroupFigures } from '@vigil/domain';
import { sequenceOf, type RecordedEvent } from '@vigil/events';
import type { Projection } from '../projection';

/** Bump when the rows must be recomputed from the log: a new durable consumer. */
export const AR_PROJECTION_VERSION = 1;
export const AR_INPUT_TYPES = ['StatusChanged', 'ClockTicked', 'WeightsSet'] as const;

interface KeyColumns {
  tenant: string;
  level: string;
  supergroup: string;
  endpoint_group: string;
  function: string;
  service: string;
  hostname: string;
}

interface Figures {
  availability: number;
  reliability: number;
  up: number;
  unknown: number;
  down: number;
}

export type ArDailyRow = KeyColumns & Figures & { day: string; final: number; position: number };
export type ArMonthlyRow = KeyColumns & Figures & { month: string; days: number; final: number; position: number };
export type StatusStatisticsRow = KeyColumns & { day: string; status: string; minutes: number; freq: number; final: number; position: number };
export type FlappingRow = KeyColumns & { day: string; flipflops: number; final: number; position: number };

export interface ArWrite {
  daily: ArDailyRow[];
  statistics: StatusStatisticsRow[];
  flapping: FlappingRow[];
  monthly: ArMonthlyRow[];
}

export interface ArProjectionOptions {
  /** Late changes still count for a day until this long after its end (ms, default 1 h). */
  graceMs?: number;
  /** Rows of the open days are rewritten at most this often in event time (ms, default 5 min). */
  partialEveryMs?: number;
  /**
   * Ticks older than this (wall clock, ms; default 2 days) write no partial rows: a catch-up replay
   * then writes only final rows for past days. Wall-clock time decides when, never what.
   */
  partialWithinMs?: number;
}

export interface ArProjection extends Projection<ArWrite> {
  /** Per-tenant accumulators. */
  tenants: Map<string, ContinuousAr>;
  /** Folds one batch (what `project` does per batch). */
  applyBatch(events: readonly RecordedEvent[]): ArWrite;
}

/**
 * Continuous A/R: ONE consumer on every event (nats-server 2.9: one filter), StatusChanged,
 * ClockTicked and WeightsSet filtered client-side. Each tick moves every tenant's time; a tick
 * that passes a day's end plus the grace period yields its final rows, and every `partialEveryMs`
 * of event time (at most once per batch) the open days' rows are rewritten as of the batch's last
 * due tick, stamped with its position: each row depends on that tick alone, never on where a batch
 * ends, so a replay with other batch sizes yields the same rows (the log's last due tick always
 * writes, and the latest position wins).
 */
export function arProjection(options: ArProjectionOptions = {}): ArProjection {
  const partialEveryMs = options.partialEveryMs ?? 300_000;
  const partialWithinMs = options.partialWithinMs ?? 2 * 86_400_000;
  const tenants = new Map<string, ContinuousAr>();
  let clock = 0;
  let sequence = 0;
  let lastPartialAt = -Infinity;

  const tenant = (name: string): ContinuousAr => {
    let t = tenants.get(name);
    if (!t) {
      t = new ContinuousAr({ graceMs: options.graceMs });
      if (clock > 0) t.tick(clock);
      tenants.set(name, t);
    }
    return t;
  };

  /** True when the open days' rows are due at this tick (given the last due tick before it). */
  const due = (at: number, last: number, now: number): boolean => at - last >= partialEveryMs && at >= now - partialWithinMs;

  /** Position of the batch's last due tick (a dry run of `due` over its ticks), if any. */
  const lastDueTick = (events: readonly RecordedEvent[], floor: number, now: number): number | undefined => {
    let last = lastPartialAt;
    let found: number | undefined;
    for (const e of events) {
      if (e.type !== 'ClockTicked' || sequenceOf(e.position) <= floor) continue;
      const at = (e.data as { at: number }).at;
      if (due(at, last, now)) [last, found] = [at, e.position];
    }
    return found;
  };

  const onTick = (at: number, position: number, now: number, write: ArWrite): void => {
    clock = Math.max(clock, at);
    for (const [name, t] of tenants) addReport(write, name, t.tick(at), position);
    if (due(at, lastPartialAt, now)) lastPartialAt = at;
  };

  const project = (events: readonly RecordedEvent[]): ArWrite => {
    const write: ArWrite = { daily: [], statistics: [], flapping: [], monthly: [] };
    // Batches hold whole messages: one at or below the floor was folded already (redelivery).
    const floor = sequence;
    // Once per batch: a catch-up writes the open days once, not at every due tick it passes.
    // One wall-clock reading per batch: the dry run and the fold then agree on which ticks are due.
    const now = Date.now();
    const partialAt = lastDueTick(events, floor, now);
    for (const e of events) {
      const seq = sequenceOf(e.position);
      if (seq <= floor) continue;
      sequence = seq;
      if (e.type === 'ClockTicked') {
        onTick((e.data as { at: number }).at, e.position, now, write);
        if (e.position === partialAt) for (const [name, t] of tenants) addReport(write, name, t.read(), partialAt);
      } else if (e.type === 'StatusChanged') tenant(e.tenant).apply(e.data as StatusChangedData);
      else if (e.type === 'WeightsSet') tenant(e.tenant).setWeights(parseWeights((e.data as { profile: string }).profile));
    }
    return write;
  };

  return {
    name: 'ar',
    version: AR_PROJECTION_VERSION,
    types: AR_INPUT_TYPES,
    tenants,
    applyBatch: project,
    project: (batches) => batches.pipe(map(project)),
  };
}

/** The weights feed's canonical JSON: endpoint group → number; anything else is ignored. */
export function parseWeights(profile: string): Map<string, number> {
  const out = new Map<string, number>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(profile);
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null) return out;
  for (const [group, w] of Object.entries(parsed)) if (typeof w === 'number' && Number.isFinite(w)) out.set(group, w);
  return out;
}

function addReport(write: ArWrite, tenant: string, report: ArReport, position: number): void {
  for (const d of report.days) {
    const final = d.final ? 1 : 0;
    for (const i of d.items) {
      const keys = keyColumns(tenant, i.keys);
      if (i.ar) write.daily.push({ ...keys, day: d.day, ...i.ar, final, position });
      for (const s of i.statistics) write.statistics.push({ ...keys, day: d.day, ...s, final, position });
      write.flapping.push({ ...keys, day: d.day, flipflops: i.flipflops, final, position });
    }
    for (const s of d.supergroups) write.daily.push({ ...supergroupColumns(tenant, s.supergroup), day: d.day, ...defined(s.figures), final, position });
  }
  for (const m of report.months) {
    const final = m.final ? 1 : 0;
    for (const i of m.items) write.monthly.push({ ...keyColumns(tenant, i.keys), month: m.month, ...i.ar, days: i.days, final, position });
    for (const s of m.supergroups) write.monthly.push({ ...supergroupColumns(tenant, s.supergroup), month: m.month, ...defined(s.figures), days: s.days, final, position });
  }
}

const keyColumns = (tenant: string, k: ArItemKeys): KeyColumns => ({
  tenant,
  level: k.level,
  supergroup: k.supergroup,
  endpoint_group: k.endpointGroup,
  function: k.function,
  service: k.service,
  hostname: k.hostname,
});

const supergroupColumns = (tenant: string, supergroup: string): KeyColumns => ({ tenant, level: 'supergroup', supergroup, endpoint_group: '', function: '', service: '', hostname: '' });

/** Undefined supergroup figures (ARGO's `nan`) are stored as -1, like every undefined figure. */
const defined = (f: SupergroupFigures): Figures => ({
  availability: f.availability ?? -1,
  reliability: f.reliability ?? -1,
  up: f.up ?? -1,
  unknown: f.unknown ?? -1,
  down: f.down ?? -1,
});
