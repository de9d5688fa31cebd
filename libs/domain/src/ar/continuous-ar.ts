import { averageDefined, rangeAr, statusSecondsAr, supergroupFigures, type ArFigures, type SupergroupFigures } from '../argo/ar';
import { Operations } from '../argo/operations';
import { dayStatistics } from '../argo/statistics';
import { EGI_OPERATIONS_PROFILE } from '../status/defaults/egi-operations.profile';
import type { StatusChangedData, StatusLevel } from '../status/status.types';
import { ItemTimeline, NO_STATUS } from './item-timeline';

export const DAY_MS = 86_400_000;

/** Levels with A/R: every status level but metric. */
export type ArLevel = Exclude<StatusLevel, 'metric'>;

export interface ArItemKeys {
  level: ArLevel;
  supergroup: string;
  endpointGroup: string;
  function: string;
  service: string;
  hostname: string;
}

export interface ArStatusMinutes {
  status: string;
  minutes: number;
  freq: number;
}

/** One item's day (so far, or final). */
export interface ArItemDay {
  keys: ArItemKeys;
  /** From the item's own timeline; undefined at the supergroup level, whose A/R is the weighted rule (see ArDay.supergroups). */
  ar?: ArFigures;
  statistics: ArStatusMinutes[];
  flipflops: number;
}

export interface ArDay {
  /** YYYY-MM-DD */
  day: string;
  final: boolean;
  items: ArItemDay[];
  /** Weighted mean of the member endpoint groups (weight w + 1); null where no member has a value. */
  supergroups: { supergroup: string; figures: SupergroupFigures }[];
}

export interface ArMonth {
  /** YYYY-MM-01 */
  month: string;
  final: boolean;
  items: { keys: ArItemKeys; ar: ArFigures; days: number }[];
  supergroups: { supergroup: string; figures: SupergroupFigures; days: number }[];
}

export interface ArReport {
  days: ArDay[];
  months: ArMonth[];
}

export interface ContinuousArOptions {
  /** Status names and the unknown, missing and down defaults (default: EGI's profile). */
  ops?: Operations;
  /** How long after midnight late changes still count for the day before it is final (ms, default 1 h). */
  graceMs?: number;
  /**
   * How many final days a later change (the status projection catching up) still corrects: their
   * final figures are computed again on the next tick (default 3).
   */
  correctionDays?: number;
}

/** Final daily figures of a month, by day (a correction replaces its day). */
interface MonthDays {
  items: Map<string, { keys: ArItemKeys; days: Map<string, ArFigures> }>;
  supergroups: Map<string, Map<string, SupergroupFigures>>;
}

const SEP = '\u0000';
const LEVELS: ReadonlySet<string> = new Set<ArLevel>(['endpoint', 'service', 'function', 'group', 'supergroup']);

/**
 * Continuous A/R of one tenant: status changes folded into per-item timelines of the days not yet
 * final (and the last final ones). Time moves only with `tick` (the clock events), so a replay
 * gives the same figures. A day reads as the day so far until its end plus the grace period, then
 * as final figures equal to ARGO's batch computation on the same timeline; a change that arrives
 * later for a kept final day makes the next tick give that day's final figures again.
 */
export class ContinuousAr {
  private readonly ops: Operations;
  private readonly graceMs: number;
  private readonly keptMs: number;
  /** Final days (their start, ms) that late changes touched: given again on the next tick. */
  private readonly corrected = new Set<number>();
  private readonly items = new Map<string, { keys: ArItemKeys; timeline: ItemTimeline }>();
  private readonly months = new Map<string, MonthDays>();
  private weights: ReadonlyMap<string, number> = new Map();
  private openFrom?: number;
  private now = 0;

  constructor(options: ContinuousArOptions = {}) {
    this.ops = options.ops ?? new Operations(EGI_OPERATIONS_PROFILE);
    this.graceMs = options.graceMs ?? 3_600_000;
    this.keptMs = (options.correctionDays ?? 3) * DAY_MS;
  }

  /** The clock (ms): the last tick. */
  get clock(): number {
    return this.now;
  }

  apply(change: StatusChangedData): void {
    if (!LEVELS.has(change.level)) return;
    this.openFrom ??= dayStartOf(change.since);
    const keys = keysOf(change);
    const key = itemKey(keys);
    let item = this.items.get(key);
    if (!item) {
      item = { keys, timeline: new ItemTimeline(this.openFrom - this.keptMs) };
      this.items.set(key, item);
    }
    const at = item.timeline.change(change.since, this.statusId(change.status));
    for (let day = dayStartOf(at); day < this.openFrom; day += DAY_MS) this.corrected.add(day);
  }

  /** Endpoint group → weight, from the latest weights feed; a group without one weighs 0. */
  setWeights(weights: ReadonlyMap<string, number>): void {
    this.weights = weights;
  }

  /** Moves time to `at` (ms); returns the days that became final (or were corrected), and their months. */
  tick(at: number): ArReport {
    this.now = Math.max(this.now, at);
    this.openFrom ??= dayStartOf(this.now);
    const days = [...this.corrected].sort((a, b) => a - b).map((start) => this.finalDay(start));
    this.corrected.clear();
    while (this.openFrom + DAY_MS + this.graceMs <= this.now) {
      days.push(this.finalDay(this.openFrom));
      this.openFrom += DAY_MS;
      const keepFrom = this.openFrom - this.keptMs;
      for (const [key, item] of this.items) if (!item.timeline.advance(keepFrom)) this.items.delete(key);
    }
    // A month is final once the first open day lies in a later month.
    const openMonth = monthOf(dateOf(this.openFrom));
    const months = [...new Set(days.map((d) => monthOf(d.day)))].map((m) => this.monthReport(m, [], m !== openMonth));
    // Months whose days all left the kept window can no longer change.
    const keptMonth = monthOf(dateOf(this.openFrom - this.keptMs));
    for (const m of this.months.keys()) if (m < keptMonth) this.months.delete(m);
    return { days, months };
  }

  private finalDay(start: number): ArDay {
    const day = this.dayReport(start, start + DAY_MS, true);
    this.remember(day);
    return day;
  }

  /** The open days so far (until the last tick) and their months so far: nothing here is final. */
  read(): ArReport {
    if (this.openFrom === undefined) return { days: [], months: [] };
    const days: ArDay[] = [];
    for (let start = this.openFrom; start < this.now; start += DAY_MS) days.push(this.dayReport(start, Math.min(start + DAY_MS, this.now), false));
    const months = [...new Set(days.map((d) => monthOf(d.day)))].map((m) => this.monthReport(m, days.filter((d) => monthOf(d.day) === m), false));
    return { days, months };
  }

  private dayReport(start: number, end: number, final: boolean): ArDay {
    const n = this.ops.states.length;
    const items: ArItemDay[] = [];
    for (const { keys, timeline } of this.items.values()) {
      const day = timeline.day(start, end, this.ops.missing);
      if (!day) continue;
      const stats = dayStatistics(day.timeline, n, false, day.endSecond);
      items.push({
        keys,
        ar: keys.level === 'supergroup' ? undefined : statusSecondsAr(this.ops, stats.seconds, day.endSecond),
        statistics: stats.statistics.map((s) => ({ status: this.ops.name(s.status), minutes: s.duration, freq: s.freq })),
        flipflops: stats.flipflops,
      });
    }
    return { day: dateOf(start), final, items, supergroups: this.supergroups(items) };
  }

  private supergroups(items: readonly ArItemDay[]): ArDay['supergroups'] {
    const members = new Map<string, { ar: ArFigures; weight: number }[]>();
    for (const i of items) {
      if (i.keys.level !== 'group' || !i.keys.supergroup || !i.ar) continue;
      const list = members.get(i.keys.supergroup) ?? [];
      list.push({ ar: i.ar, weight: this.weights.get(i.keys.endpointGroup) ?? 0 });
      members.set(i.keys.supergroup, list);
    }
    return [...members].map(([supergroup, list]) => ({ supergroup, figures: supergroupFigures(list) }));
  }

  /** Keeps a final day's figures for its month's averages. */
  private remember(day: ArDay): void {
    const month = this.monthDays(monthOf(day.day));
    for (const i of day.items) {
      if (!i.ar) continue;
      const key = itemKey(i.keys);
      const entry = month.items.get(key) ?? { keys: i.keys, days: new Map<string, ArFigures>() };
      entry.days.set(day.day, i.ar);
      month.items.set(key, entry);
    }
    for (const s of day.supergroups) {
      const days = month.supergroups.get(s.supergroup) ?? new Map<string, SupergroupFigures>();
      days.set(day.day, s.figures);
      month.supergroups.set(s.supergroup, days);
    }
  }

  /** ARGO's range formulas over the month's final days plus `open` days so far; supergroups average their defined daily values. */
  private monthReport(month: string, open: readonly ArDay[], final: boolean): ArMonth {
    const stored = this.monthDays(month);
    const items = new Map([...stored.items].map(([k, v]) => [k, { keys: v.keys, days: [...v.days.values()] }]));
    const supergroups = new Map([...stored.supergroups].map(([k, v]) => [k, [...v.values()]]));
    for (const d of open) {
      for (const i of d.items) {
        if (!i.ar) continue;
        const key = itemKey(i.keys);
        const entry = items.get(key) ?? { keys: i.keys, days: [] };
        entry.days.push(i.ar);
        items.set(key, entry);
      }
      for (const s of d.supergroups) supergroups.set(s.supergroup, [...(supergroups.get(s.supergroup) ?? []), s.figures]);
    }
    return {
      month,
      final,
      items: [...items.values()].map((i) => ({ keys: i.keys, ar: rangeAr(i.days), days: i.days.length })),
      supergroups: [...supergroups].map(([supergroup, days]) => ({ supergroup, figures: averageFigures(days), days: days.length })),
    };
  }

  private monthDays(month: string): MonthDays {
    let m = this.months.get(month);
    if (!m) {
      m = { items: new Map(), supergroups: new Map() };
      this.months.set(month, m);
    }
    return m;
  }

  /** '' (the item left the tree) is no status; a name the profile lacks counts as unknown. */
  private statusId(status: string): number {
    if (status === '') return NO_STATUS;
    return this.ops.has(status) ? this.ops.id(status) : this.ops.unknown;
  }
}

function averageFigures(days: readonly SupergroupFigures[]): SupergroupFigures {
  const avg = (f: (d: SupergroupFigures) => number | null) => averageDefined(days.map(f));
  return { availability: avg((d) => d.availability), reliability: avg((d) => d.reliability), up: avg((d) => d.up), unknown: avg((d) => d.unknown), down: avg((d) => d.down) };
}

function keysOf(c: StatusChangedData): ArItemKeys {
  return { level: c.level as ArLevel, supergroup: c.supergroup, endpointGroup: c.endpointGroup, function: c.function, service: c.service, hostname: c.hostname };
}

const itemKey = (k: ArItemKeys): string => k.level + SEP + k.supergroup + SEP + k.endpointGroup + SEP + k.function + SEP + k.service + SEP + k.hostname;

export const dayStartOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;
