import { combineWith, type Operations, type StatusId } from './operations';

export const DAY_SECONDS = 86_400;

/** What a threshold did to a result; rows at upper levels inherit it when they take its status. */
export interface ThresholdMark {
  ruleApplied: string;
  actualData: string;
  ogStatus: string;
}

/**
 * A status timeline over one UTC day: parallel arrays of breakpoints (seconds since 00:00:00,
 * strictly increasing, the first at 0) and the status valid from each one.
 */
export interface ArgoTimeline {
  t: number[];
  s: StatusId[];
  /** Threshold marks per breakpoint, only when some breakpoint has one. */
  marks?: (ThresholdMark | undefined)[];
}

/** The status valid at `time` (the latest breakpoint at or before it), -1 before the first. */
export function timelineStatusAt(tl: ArgoTimeline, time: number): StatusId {
  let lo = 0;
  let hi = tl.t.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tl.t[mid] <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? -1 : tl.s[found];
}

/** Drops breakpoints that repeat the previous status. */
export function collapseTimeline(tl: ArgoTimeline): ArgoTimeline {
  const t: number[] = [];
  const s: StatusId[] = [];
  const marks: (ThresholdMark | undefined)[] = [];
  for (let i = 0; i < tl.t.length; i++) {
    if (s.length > 0 && s[s.length - 1] === tl.s[i]) continue;
    t.push(tl.t[i]);
    s.push(tl.s[i]);
    marks.push(tl.marks?.[i]);
  }
  return withMarks(t, s, marks);
}

/**
 * Builds a day timeline from time-ordered samples: `start` holds at 00:00:00 unless a sample
 * sits there; at equal times the later sample wins. Identical statuses are kept (see collapseTimeline).
 */
export function timelineFromSamples(
  start: StatusId,
  times: readonly number[],
  statuses: readonly StatusId[],
  marks?: readonly (ThresholdMark | undefined)[],
): ArgoTimeline {
  const t: number[] = [0];
  const s: StatusId[] = [start];
  const m: (ThresholdMark | undefined)[] = [undefined];
  for (let i = 0; i < times.length; i++) {
    const last = t.length - 1;
    // Never let an older sample rewrite a newer one.
    if (times[i] < t[last]) continue;
    if (times[i] === t[last]) {
      s[last] = statuses[i];
      m[last] = marks?.[i];
    } else {
      t.push(times[i]);
      s.push(statuses[i]);
      m.push(marks?.[i]);
    }
  }
  return withMarks(t, s, m);
}

/**
 * Combines timelines with an operation by merging their breakpoints: at each breakpoint the
 * statuses then valid are folded left to right. The result is collapsed.
 */
export function aggregateTimelines(children: readonly ArgoTimeline[], ops: Operations, op: string): ArgoTimeline {
  if (children.length === 0) return { t: [0], s: [ops.missing] };
  if (children.length === 1) return collapseTimeline(children[0]);
  const table = ops.table(op);
  const n = ops.states.length;
  const k = children.length;
  const pos = new Int32Array(k);
  const t: number[] = [];
  const s: StatusId[] = [];
  const marks: (ThresholdMark | undefined)[] = [];
  let time = 0;
  while (time < Infinity) {
    let acc = -1;
    let next = Infinity;
    for (let c = 0; c < k; c++) {
      const ch = children[c];
      let p = pos[c];
      while (p + 1 < ch.t.length && ch.t[p + 1] <= time) p++;
      pos[c] = p;
      const st = ch.t[p] <= time ? ch.s[p] : -1;
      if (st !== -1) acc = acc === -1 ? st : combineWith(table, n, ops.excluded, acc, st);
      if (p + 1 < ch.t.length && ch.t[p + 1] < next) next = ch.t[p + 1];
    }
    if (acc !== -1 && (s.length === 0 || s[s.length - 1] !== acc)) {
      t.push(time);
      s.push(acc);
      marks.push(markAt(children, pos, time, acc));
    }
    time = next;
  }
  return withMarks(t, s, marks);
}

/**
 * Forces `status` over [from, to] (seconds of the day, clipped to it); after `to` the earlier
 * status resumes at `to + resumeAfter` when that is still before 23:59:59.
 */
export function fillTimelinePeriod(
  tl: ArgoTimeline,
  from: number,
  to: number,
  status: StatusId,
  resumeAfter: number,
  collapseResult = true,
): ArgoTimeline {
  const last = DAY_SECONDS - 1;
  if (to < 0 || from > last || to < from) return tl;
  const start = Math.max(0, from);
  const end = Math.min(last, to);
  const resumeAt = end + resumeAfter;
  const resumeStatus = timelineStatusAt(tl, end);
  const t: number[] = [];
  const s: StatusId[] = [];
  const m: (ThresholdMark | undefined)[] = [];
  const push = (time: number, st: StatusId, mark?: ThresholdMark) => {
    t.push(time);
    s.push(st);
    m.push(mark);
  };
  let i = 0;
  for (; i < tl.t.length && tl.t[i] < start; i++) push(tl.t[i], tl.s[i], tl.marks?.[i]);
  push(start, status);
  while (i < tl.t.length && tl.t[i] <= end) i++;
  const hasResume = resumeAt < last && resumeStatus !== -1;
  // A result between the end and the resume point already says what comes next.
  if (hasResume && (i >= tl.t.length || tl.t[i] > resumeAt)) push(resumeAt, resumeStatus);
  for (; i < tl.t.length; i++) push(tl.t[i], tl.s[i], tl.marks?.[i]);
  const out = withMarks(t, s, m);
  return collapseResult ? collapseTimeline(out) : out;
}

function markAt(children: readonly ArgoTimeline[], pos: Int32Array, time: number, status: StatusId): ThresholdMark | undefined {
  for (let c = 0; c < children.length; c++) {
    const ch = children[c];
    const p = pos[c];
    if (ch.marks && ch.t[p] === time && ch.s[p] === status && ch.marks[p]) return ch.marks[p];
  }
  return undefined;
}

function withMarks(t: number[], s: StatusId[], marks: (ThresholdMark | undefined)[]): ArgoTimeline {
  return marks.some((x) => x !== undefined) ? { t, s, marks } : { t, s };
}
