import type { StatusId } from './operations';
import { DAY_SECONDS, type ArgoTimeline } from './timeline';

export interface StatusStatistics {
  status: StatusId;
  /** Whole minutes: each interval floored to minutes, the last one ending at 24:00. */
  duration: number;
  /** Separate intervals, or results at the metric level. */
  freq: number;
}

export interface ArgoDayStatistics {
  flipflops: number;
  statistics: StatusStatistics[];
  /** TimestampSeconds spent in each status id. */
  seconds: number[];
}

/**
 * Per-status durations and frequencies of a day timeline. With `countSamples` (the metric
 * level) every breakpoint counts as one appearance, as ARGO counts results. `end` (seconds of the
 * day) closes the last interval: 24:00 for a whole day, `now` for the day so far.
 */
export function dayStatistics(tl: ArgoTimeline, stateCount: number, countSamples = false, end = DAY_SECONDS): ArgoDayStatistics {
  const seconds = new Array<number>(stateCount).fill(0);
  const minutes = new Array<number>(stateCount).fill(0);
  const freq = new Array<number>(stateCount).fill(0);
  let changes = 0;
  for (let i = 0; i < tl.t.length; i++) {
    const st = tl.s[i];
    const until = i + 1 < tl.t.length ? tl.t[i + 1] : end;
    const span = until - tl.t[i];
    seconds[st] += span;
    minutes[st] += Math.floor(span / 60);
    const isNewInterval = i === 0 || tl.s[i - 1] !== st;
    if (countSamples || isNewInterval) freq[st]++;
    if (i > 0 && isNewInterval) changes++;
  }
  const statistics: StatusStatistics[] = [];
  for (let st = 0; st < stateCount; st++) {
    if (freq[st] > 0) statistics.push({ status: st, duration: durationOf(tl, st, end), freq: freq[st] });
  }
  return { flipflops: changes, statistics, seconds };
}

/** Minutes of a status summed over its collapsed intervals, each floored. */
function durationOf(tl: ArgoTimeline, status: StatusId, end: number): number {
  let total = 0;
  let start = -1;
  for (let i = 0; i <= tl.t.length; i++) {
    const st = i < tl.t.length ? tl.s[i] : -1;
    const at = i < tl.t.length ? tl.t[i] : end;
    if (st === status && start < 0) start = at;
    if (st !== status && start >= 0) {
      total += Math.floor((at - start) / 60);
      start = -1;
    }
  }
  return total;
}
