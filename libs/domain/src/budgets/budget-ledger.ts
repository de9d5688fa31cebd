import { MINUTE } from '../shared/time';

/** Time (ms) per status class. `bad` is known but not up (CRITICAL, EXCLUDED, ...); `down` is DOWNTIME. */
export interface Tally {
  up: number;
  bad: number;
  down: number;
}

export const emptyTally = (): Tally => ({ up: 0, bad: 0, down: 0 });

/**
 * The time a budget's items spent in each status class, in minute buckets kept for `retention` ms:
 * any window up to it sums in O(its minutes), and memory stays bounded by the budget window.
 */
export class BudgetLedger {
  private readonly buckets = new Map<number, Tally>();

  constructor(private retention: number) {}

  /** Adds the time from `from` to `to` of `items` items per class (counts, not ms). */
  accrue(from: number, to: number, items: Tally): void {
    if (to <= from || items.up + items.bad + items.down === 0) return;
    let t = Math.max(from, to - this.retention - MINUTE);
    while (t < to) {
      const minute = Math.floor(t / MINUTE);
      const end = Math.min(to, (minute + 1) * MINUTE);
      const b = this.buckets.get(minute) ?? emptyTally();
      const dt = end - t;
      b.up += items.up * dt;
      b.bad += items.bad * dt;
      b.down += items.down * dt;
      this.buckets.set(minute, b);
      t = end;
    }
  }

  /** The time in the `window` ms before `now`, at minute resolution (buckets starting at or after now - window). */
  sum(now: number, window: number): Tally {
    const out = emptyTally();
    const last = Math.floor(now / MINUTE);
    for (let m = Math.ceil((now - window) / MINUTE); m <= last; m++) {
      const b = this.buckets.get(m);
      if (!b) continue;
      out.up += b.up;
      out.bad += b.bad;
      out.down += b.down;
    }
    return out;
  }

  /** Forgets buckets that no window up to the retention can reach. */
  prune(now: number): void {
    const oldest = Math.ceil((now - this.retention) / MINUTE);
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
  }
}
