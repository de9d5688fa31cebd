import { DAY, HOUR, MINUTE } from '../shared/time';

const UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY };
/** How the API writes budget windows: a whole number of minutes, hours or days (`5m`, `1h`, `30d`). */
export const DURATION_PATTERN = /^([1-9][0-9]{0,5})([mhd])$/;

/** ms of `30d`, `6h` or `5m`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION_PATTERN.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

/** The largest unit that writes `ms` exactly: 86400000 → `1d`, 5400000 → `90m`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / MINUTE)}m`;
}
