/** Epoch seconds of 00:00:00 UTC of a `YYYY-MM-DD` date. */
export function utcDayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new Error(`invalid date '${date}' (expected YYYY-MM-DD)`);
  return ms / 1000;
}

/**
 * Parses ISO-8601 UTC timestamps to epoch seconds. The usual `YYYY-MM-DDTHH:MM:SSZ` form is read
 * from its digits on top of its date's midnight (parsed once per date); anything else goes through
 * Date.parse, memoised.
 */
export class TimestampSeconds {
  private readonly cache = new Map<string, number>();
  private readonly midnights = new Map<string, number>();
  private lastDate?: string;
  private lastMidnight = 0;

  of(timestamp: string): number {
    const fast = this.plain(timestamp);
    return fast >= 0 ? fast : this.parsed(timestamp);
  }

  /** Seconds of a plain `YYYY-MM-DDTHH:MM:SSZ` whose time is in range, else -1. */
  private plain(ts: string): number {
    if (ts.length !== 20 || ts.charCodeAt(10) !== 84 || ts.charCodeAt(13) !== 58 || ts.charCodeAt(16) !== 58 || ts.charCodeAt(19) !== 90) return -1;
    const h = twoDigits(ts, 11);
    const m = twoDigits(ts, 14);
    const s = twoDigits(ts, 17);
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return -1;
    // Results come mostly from one day: reuse the last date's midnight without slicing the text.
    if (this.lastDate !== undefined && ts.startsWith(this.lastDate)) return this.lastMidnight + h * 3600 + m * 60 + s;
    const date = ts.slice(0, 10);
    let midnight = this.midnights.get(date);
    if (midnight === undefined) {
      const ms = Date.parse(`${date}T00:00:00Z`);
      // An invalid date fails in `parsed`, with the whole timestamp in the message.
      if (Number.isNaN(ms)) return -1;
      midnight = Math.floor(ms / 1000);
      if (this.midnights.size < 100_000) this.midnights.set(date, midnight);
    }
    this.lastDate = date;
    this.lastMidnight = midnight;
    return midnight + h * 3600 + m * 60 + s;
  }

  private parsed(timestamp: string): number {
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

/** The number of two ASCII digits at `i`, -1 when they are not digits. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
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
