import { collapseTimeline, timelineFromSamples, type ArgoTimeline } from '../argo/timeline';
import type { StatusId } from '../argo/operations';

/** No status: before an item's first change, or after it left the tree. */
export const NO_STATUS = -1;

const DAY_MS = 86_400_000;

interface Point {
  /** ms */
  t: number;
  s: StatusId;
}

/**
 * The status changes of one item over the days kept (the open days and the last final ones, which
 * late changes may still correct). The first point sits at the start of the first kept day and
 * holds the status carried over midnight.
 */
export class ItemTimeline {
  private points: Point[];

  constructor(keepFrom: number) {
    this.points = [{ t: keepFrom, s: NO_STATUS }];
  }

  /**
   * Records `status` from `at` on and returns the time it took effect. Never rewrites the past: a
   * change older than the last one holds from the last one's time (it is the item's current
   * status), and a change before the kept days is carried in at their start.
   */
  change(at: number, status: StatusId): number {
    const last = this.points[this.points.length - 1];
    const t = Math.max(at, last.t);
    if (t === last.t) last.s = status;
    else if (status !== last.s) this.points.push({ t, s: status });
    return t;
  }

  /** The day from `dayStart` until `end` (ms, at most the day's end) as an ARGO timeline; undefined when the item has no status in it. */
  day(dayStart: number, end: number, missing: StatusId): { timeline: ArgoTimeline; endSecond: number } | undefined {
    const endSecond = Math.floor((Math.min(end, dayStart + DAY_MS) - dayStart) / 1000);
    if (endSecond <= 0) return undefined;
    let start: StatusId = NO_STATUS;
    const times: number[] = [];
    const statuses: StatusId[] = [];
    for (const p of this.points) {
      if (p.t <= dayStart) start = p.s;
      else {
        const second = Math.floor((p.t - dayStart) / 1000);
        if (second >= endSecond) break;
        times.push(second);
        statuses.push(p.s === NO_STATUS ? missing : p.s);
      }
    }
    if (start === NO_STATUS && times.length === 0) return undefined;
    const timeline = collapseTimeline(timelineFromSamples(start === NO_STATUS ? missing : start, times, statuses));
    return { timeline, endSecond };
  }

  /** Forgets what lies before `keepFrom`, keeping the status valid then; false when nothing is left. */
  advance(keepFrom: number): boolean {
    let i = 0;
    while (i + 1 < this.points.length && this.points[i + 1].t <= keepFrom) i++;
    const carried = this.points[i].s;
    this.points = [{ t: keepFrom, s: carried }, ...this.points.slice(i + 1)];
    return carried !== NO_STATUS || this.points.length > 1;
  }
}
