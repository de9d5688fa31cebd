import { HOUR, MINUTE, SECOND } from '@vigil/domain';

/** Standard Webhooks' schedule: delay before each attempt (the first is immediate). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR];

/** Up to ±20 % so that receivers coming back are not hit by every sender at once. */
export const JITTER = 0.2;

/** Delay before attempt `attempt` (1-based; 1 is the first delivery); null after the last one. */
export function retryDelay(attempt: number, schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS, random: () => number = Math.random): number | null {
  if (attempt < 1 || attempt > schedule.length) return null;
  const base = schedule[attempt - 1];
  return Math.max(0, Math.round(base * (1 + JITTER * (2 * random() - 1))));
}

/** Retry-After in seconds or as an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What a delivery's answer means. */
export type DeliveryVerdict = 'delivered' | 'gone' | 'throttled' | 'retry';

export function verdictOf(status: number | null): DeliveryVerdict {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 429 || status === 502 || status === 504) return 'throttled';
  return 'retry';
}
