import { badRequest } from '../registry/shared/http-errors';

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;
// ClickHouse's Date holds 1970..2149; keep to the range every read model can hold.
const MIN_DAY = '1970-01-01';
const MAX_DAY = '2105-12-31';

/** The days a query covers, both included (YYYY-MM-DD, UTC). */
export interface ResultsRange {
  firstDay: string;
  lastDay: string;
}

/** The UTC day of a validated date or date-time. */
const dayOf = (value: string): string => (value.length === 10 ? value : new Date(value).toISOString().slice(0, 10));

/** The range of start_time..end_time; 400 naming the field when it is out of bounds, reversed or too long. */
export function rangeOf(startTime: string, endTime: string): ResultsRange {
  const firstDay = dayOf(startTime);
  const lastDay = dayOf(endTime);
  if (firstDay < MIN_DAY || firstDay > MAX_DAY) throw badRequest('start_time', `must be between ${MIN_DAY} and ${MAX_DAY}`);
  if (lastDay < MIN_DAY || lastDay > MAX_DAY) throw badRequest('end_time', `must be between ${MIN_DAY} and ${MAX_DAY}`);
  if (lastDay < firstDay) throw badRequest('end_time', 'must not be before start_time');
  const days = (Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) throw badRequest('end_time', `the range is ${days} days: at most ${MAX_RANGE_DAYS} days (both ends included)`);
  return { firstDay, lastDay };
}
