import type { Operations } from './operations';
import { DAY_SECONDS } from './timeline';

/** Daily availability/reliability and the fractions of the day up, unknown and down. */
export interface ArFigures {
  availability: number;
  reliability: number;
  up: number;
  unknown: number;
  down: number;
}

export interface ArSeconds {
  ok: number;
  warning: number;
  unknown: number;
  missing: number;
  downtime: number;
}

/** Rounds to 5 decimals half up on the shortest decimal form, like Java's BigDecimal.valueOf. */
export function round5(x: number): number {
  if (!Number.isFinite(x)) return -1;
  const text = Math.abs(x).toString();
  if (text.includes('e')) return Math.abs(x) < 1 ? 0 : x;
  const [int, frac = ''] = text.split('.');
  if (frac.length <= 5) return x;
  const digits = BigInt(int + frac.slice(0, 5)) + (frac.charCodeAt(5) >= 53 ? 1n : 0n);
  const value = Number(digits) / 100_000;
  return x < 0 ? -value : value;
}

/** ARGO's daily formulas; -1 where a denominator is zero. `span` is the period's length: a whole day, or the day so far. */
export function dailyAr(sec: ArSeconds, span = DAY_SECONDS): ArFigures {
  const up = sec.ok + sec.warning;
  const unknown = sec.unknown + sec.missing;
  const known = span - unknown;
  return {
    availability: ratio(up, known),
    reliability: ratio(up, known - sec.downtime),
    up: round5(up / span),
    unknown: round5(unknown / span),
    down: round5(sec.downtime / span),
  };
}

/** Daily A/R of the seconds spent in each status id of `ops` (OK and WARNING up; the profile's unknown, missing and down defaults). */
export function statusSecondsAr(ops: Operations, seconds: readonly number[], span = DAY_SECONDS): ArFigures {
  const get = (name: string) => (ops.has(name) ? seconds[ops.id(name)] : 0);
  return dailyAr({ ok: get('OK'), warning: get('WARNING'), unknown: seconds[ops.unknown], missing: seconds[ops.missing], downtime: seconds[ops.down] }, span);
}

/** A month or custom range: averages of the daily fractions, then ARGO's range formulas. */
export function rangeAr(days: readonly Pick<ArFigures, 'up' | 'unknown' | 'down'>[]): ArFigures {
  if (days.length === 0) return { availability: -1, reliability: -1, up: -1, unknown: -1, down: -1 };
  const avg = (f: (d: Pick<ArFigures, 'up' | 'unknown' | 'down'>) => number) =>
    days.reduce((sum, d) => sum + f(d), 0) / days.length;
  const up = avg((d) => d.up);
  const unknown = avg((d) => d.unknown);
  const down = avg((d) => d.down);
  const known = 1.00000001 - unknown;
  return {
    availability: round5((up / known) * 100),
    reliability: round5((up / (known - down)) * 100),
    up: round5(up),
    unknown: round5(unknown),
    down: round5(down),
  };
}

/**
 * A period's figures from its daily rows (-1: undefined): ARGO's range formulas for an item, the
 * average of the defined daily values for a supergroup (null where none is defined).
 */
export function periodAr(days: readonly ArFigures[], supergroup: boolean): SupergroupFigures {
  if (!supergroup) return rangeAr(days);
  const avg = (f: (d: ArFigures) => number) => averageDefined(days.map((d) => (f(d) < 0 ? null : f(d))));
  return { availability: avg((d) => d.availability), reliability: avg((d) => d.reliability), up: avg((d) => d.up), unknown: avg((d) => d.unknown), down: avg((d) => d.down) };
}

export interface WeightedMember {
  value: number;
  weight: number;
}

/** Supergroup figure: mean weighted by w + 1 over members with a value ≥ 0; null when none. */
export function weightedMean(members: readonly WeightedMember[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of members) {
    if (m.value < 0) continue;
    sum += m.value * (m.weight + 1);
    weights += m.weight + 1;
  }
  return weights === 0 ? null : round5(sum / weights);
}

export interface SupergroupFigures {
  availability: number | null;
  reliability: number | null;
  up: number | null;
  unknown: number | null;
  down: number | null;
}

/** A supergroup's day from its member groups' days: w + 1 weights; up, unknown and down only from members with a defined availability. */
export function supergroupFigures(members: readonly { ar: ArFigures; weight: number }[]): SupergroupFigures {
  const weighted = (f: (a: ArFigures) => number, gate: (a: ArFigures) => number) =>
    weightedMean(members.map((m) => ({ value: gate(m.ar) < 0 ? -1 : f(m.ar), weight: m.weight })));
  return {
    availability: weighted((a) => a.availability, (a) => a.availability),
    reliability: weighted((a) => a.reliability, (a) => a.reliability),
    up: weighted((a) => a.up, (a) => a.availability),
    unknown: weighted((a) => a.unknown, (a) => a.availability),
    down: weighted((a) => a.down, (a) => a.availability),
  };
}

/** Monthly supergroup figure: average of the daily values, ignoring undefined days. */
export function averageDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : round5(defined.reduce((a, b) => a + b, 0) / defined.length);
}

function ratio(num: number, den: number): number {
  if (den === 0) return -1;
  return round5((num / den) * 100);
}
