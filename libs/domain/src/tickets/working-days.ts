import { DAY } from '../shared/time';

/** A UTC calendar day as `YYYY-MM-DD`, the form holidays are given in. */
export const utcDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Monday to Friday (UTC) and not a listed holiday. */
export function isWorkingDay(t: number, holidays: Iterable<string> = []): boolean {
  const weekday = new Date(t).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !new Set(holidays).has(utcDay(t));
}

/**
 * The moment `n` working days after `start`, at the same time of day: Friday 10:00 plus one working
 * day is Monday 10:00. `holidays` are UTC days (`YYYY-MM-DD`) that do not count.
 */
export function addWorkingDays(start: number, n: number, holidays: Iterable<string> = []): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  const off = new Set(holidays);
  let t = start;
  for (let left = n; left > 0; ) {
    t += DAY;
    if (isWorkingDay(t, off)) left--;
  }
  return t;
}
