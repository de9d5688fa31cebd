/** Epoch seconds of 00:00:00 UTC of a `YYYY-MM-DD` date. */
export function utcDayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new Error(`invalid date '${date}' (expected YYYY-MM-DD)`);
  return ms / 1000;
}

/** Parses ISO-8601 UTC timestamps to epoch seconds, memoised: results repeat the same few. */
export class TimestampSeconds {
  private readonly cache = new Map<string, number>();

  of(timestamp: string): number {
    let s = this.cache.get(timestamp);
    if (s === undefined) {
      const ms = Date.parse(timestamp);
      if (Number.isNaN(ms)) throw new Error(`invalid timestamp '${timestamp}'`);
      s = Math.floor(ms / 1000);
      if (this.cache.size < 1_000_000) this.cache.set(timestamp, s);
    }
    return s;
  }
}

/** A [start, end] period as seconds of the day starting at `utcDayStart` (may fall outside 0..86399). */
export function periodInDay(seconds: TimestampSeconds, start: number, from: string, to: string): [number, number] {
  return [seconds.of(from) - start, seconds.of(to) - start];
}

/** `YYYY-MM-DDTHH:MM:SSZ` for a second of the given date. */
export function timestampOf(date: string, second: number): string {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  const s = second % 60;
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}Z`;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
