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
  // Minutes per status over its collapsed intervals (runs of equal statuses), each floored.
  const durations = new Array<number>(stateCount).fill(0);
  const freq = new Array<number>(stateCount).fill(0);
  const { t, s } = tl;
  let changes = 0;
  let runStart = 0;
  for (let i = 0; i < t.length; i++) {
    const st = s[i];
    seconds[st] += (i + 1 < t.length ? t[i + 1] : end) - t[i];
    const isNewInterval = i === 0 || s[i - 1] !== st;
    if (countSamples || isNewInterval) freq[st]++;
    if (i > 0 && isNewInterval) {
      changes++;
      durations[s[i - 1]] += Math.floor((t[i] - runStart) / 60);
    }
    if (isNewInterval) runStart = t[i];
  }
  if (t.length > 0) durations[s[t.length - 1]] += Math.floor((end - runStart) / 60);
  const statistics: StatusStatistics[] = [];
  for (let st = 0; st < stateCount; st++) {
    if (freq[st] > 0) statistics.push({ status: st, duration: durations[st], freq: freq[st] });
  }
  return { flipflops: changes, statistics, seconds };
}
