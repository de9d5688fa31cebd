import { MINUTE } from '../shared/time';

/** Time (ms) per status class. `bad` is known but not up (CRITICAL, EXCLUDED, ...); `down` is DOWNTIME. */
export interface Tally {
  up: number;
  bad: number;
  down: number;
}

export const emptyTally = (): Tally => ({ up: 0, bad: 0, down: 0 });

const add = (into: Tally, t: Tally, times = 1): void => {
  into.up += t.up * times;
  into.bad += t.bad * times;
  into.down += t.down * times;
};
const minus = (a: Tally, b: Tally): Tally => ({ up: a.up - b.up, bad: a.bad - b.bad, down: a.down - b.down });

interface Bucket {
  /** This minute's time. */
  own: Tally;
  /** Everything booked up to the end of this minute: a window's sum is a difference of two. */
  cum: Tally;
}

/**
 * The time a budget's items spent in each status class, in minute buckets kept for `retention` ms.
 * Every minute since the first booking has a bucket with running totals, so any window sums in O(1)
 * and a replay of 30 days of ticks stays linear.
 */
export class BudgetLedger {
  private readonly buckets = new Map<number, Bucket>();
  private total = emptyTally();
  private last = -Infinity;

  constructor(private retention: number) {}

  /** Adds the time from `from` to `to` of `items` items per class (counts, not ms). */
  accrue(from: number, to: number, items: Tally): void {
    let t = Math.max(from, to - this.retention - MINUTE);
    while (t < to) {
      const minute = Math.floor(t / MINUTE);
      const end = Math.min(to, (minute + 1) * MINUTE);
      let b = this.buckets.get(minute);
      if (!b) this.buckets.set(minute, (b = { own: emptyTally(), cum: { ...this.total } }));
      add(b.own, items, end - t);
      add(b.cum, items, end - t);
      add(this.total, items, end - t);
      this.last = Math.max(this.last, minute);
      t = end;
    }
  }

  /** The time in the `window` ms before `now`, at minute resolution (buckets starting at or after now - window). */
  sum(now: number, window: number): Tally {
    return minus(this.cumAt(Math.floor(now / MINUTE)), this.cumAt(Math.ceil((now - window) / MINUTE) - 1));
  }

  /** Forgets buckets that no window up to the retention can reach. */
  prune(now: number): void {
    const oldest = Math.ceil((now - this.retention) / MINUTE) - 1; // kept: its running total starts the window
    // Buckets are added in time order (time only moves forward): the oldest come first.
    for (const m of this.buckets.keys()) {
      if (m >= oldest) break;
      this.buckets.delete(m);
    }
  }

  resize(retention: number): void {
    this.retention = retention;
  }

  clear(): void {
    this.buckets.clear();
    this.total = emptyTally();
    this.last = -Infinity;
  }

  /** Running total at the end of minute `m`. */
  private cumAt(m: number): Tally {
    if (m >= this.last) return this.total;
    const b = this.buckets.get(m);
    if (b) return b.cum;
    const first = this.buckets.values().next().value as Bucket | undefined;
    if (!first) return this.total;
    const firstMinute = this.buckets.keys().next().value as number;
    if (m < firstMinute) return minus(first.cum, first.own);
    for (let x = m - 1; x >= firstMinute; x--) {
      const earlier = this.buckets.get(x);
      if (earlier) return earlier.cum; // a minute skipped by a clamp booked nothing
    }
    return minus(first.cum, first.own);
  }
}
