import { ValidateBy } from 'class-validator';

// Alertmanager's durations ("30s", "5m", "4h", "1h30m"): what its users write for group_wait and friends.
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** ms of a duration string, or undefined when it is not one. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined || !DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(PART)) ms += Number(n) * UNITS[unit];
  return ms;
}

/** The shortest spelling: 30000 → "30s", 5400000 → "1h30m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const n = Math.floor(rest / UNITS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNITS[unit];
  }
  return out;
}

const MAX_MS = 366 * UNITS.d;

/** A duration like "30s", "5m", "4h" or "1h30m", at most a year. */
export const IsDuration = () =>
  ValidateBy({
    name: 'isDuration',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && (parseDuration(v) ?? MAX_MS + 1) <= MAX_MS,
      defaultMessage: () => '$property must be a duration like 30s, 5m, 4h or 1h30m (at most a year)',
    },
  });
