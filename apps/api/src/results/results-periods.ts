// Daily rows of ar_daily turned into ARGO's result figures per day, month or custom range, with
// the domain's formulas (periodAr, round5): this file only groups and formats.
import { periodAr, round5 } from '@vigil/domain';
import type { ArDailyRow } from '@vigil/read-models';
import type { Granularity } from './results-query.dto';
import type { ResultsRange } from './results-range';

/** One period's figures as ARGO's API gives them: strings, at most 5 decimals. */
export interface ResultFigures {
  /** YYYY-MM-DD (daily), YYYY-MM (monthly), or first/last day (custom). */
  timestamp: string;
  availability: string;
  reliability: string;
  unknown: string;
  uptime: string;
  downtime: string;
  /** Every day averaged is final (false while a day of the period is still open). */
  final: boolean;
}

type Figures = ReturnType<typeof periodAr>;

// An item's undefined figure reads -1 (ARGO's daily convention); a supergroup's reads nan (ARGO's API).
const text = (supergroup: boolean) => (x: number | null): string => (x === null || (supergroup && x < 0) ? (supergroup ? 'nan' : '-1') : String(round5(x)));

function formatted(timestamp: string, f: Figures, final: boolean, supergroup: boolean): ResultFigures {
  const t = text(supergroup);
  return { timestamp, availability: t(f.availability), reliability: t(f.reliability), unknown: t(f.unknown), uptime: t(f.up), downtime: t(f.down), final };
}

/** The item's results over the range at the granularity asked, in time order (periods without a day are left out). */
export function periodResults(days: readonly ArDailyRow[], granularity: Granularity, range: ResultsRange, supergroup: boolean): ResultFigures[] {
  if (granularity === 'daily') return days.map((d) => formatted(d.day, d, d.final, supergroup));
  const periodOf = granularity === 'monthly' ? (d: ArDailyRow) => d.day.slice(0, 7) : () => `${range.firstDay}/${range.lastDay}`;
  const periods = new Map<string, ArDailyRow[]>();
  for (const d of days) periods.set(periodOf(d), [...(periods.get(periodOf(d)) ?? []), d]);
  return [...periods].map(([timestamp, list]) => formatted(timestamp, periodAr(list, supergroup), list.every((d) => d.final), supergroup));
}
