import type { AlertKind, AlertRuleData } from './alert.events';
import { nextFlapping, percentStateChange, pushSample } from './flapping';

export type StateType = 'SOFT' | 'HARD';

/** What Nagios remembers of one watched item under one rule. */
export interface AlertItemState {
  status: string;
  stateType: StateType;
  /** Consecutive checks in a non-OK status (the first result counts 1, each tick after it 1 more). */
  attempts: number;
  /** The last HARD status: what notifications are about. */
  hardStatus: string;
  /** The HARD status before the current one (the notification's previous status). */
  previousHardStatus: string;
  /** When the current non-OK streak began (ms). */
  problemSince: number;
  /** The problem notification that is open, if any: a recovery is sent only then. */
  notified: { status: string; since: number; at: number } | null;
  samples: string[];
  flapping: { since: number; notified: boolean } | null;
}

/** A check: a new status from the status engine, or a minute passing with the status unchanged. */
export type AlertInput = { kind: 'status'; status: string; at: number } | { kind: 'tick'; at: number };

/** What the state machine asks to notify; the evaluator turns it into events with ids and item keys. */
export type AlertSignal =
  | { kind: Exclude<AlertKind, 'FLAPPINGSTART' | 'FLAPPINGSTOP'>; status: string; previousStatus: string; since: number }
  | { kind: 'FLAPPINGSTART' | 'FLAPPINGSTOP'; status: string; previousStatus: string; since: number }
  | { kind: 'RESOLVED'; status: string; since: number; at: number };

export const isOk = (status: string): boolean => status === 'OK';

/** An item not watched before: assumed OK, with no samples yet (its first status is no transition). */
export const initialAlertItemState = (at = 0): AlertItemState => ({
  status: 'OK',
  stateType: 'HARD',
  attempts: 0,
  hardStatus: 'OK',
  previousHardStatus: 'OK',
  problemSince: at,
  notified: null,
  samples: [],
  flapping: null,
});

/**
 * One check through Nagios' rules. `inDowntime` suppresses every notification but the recovery of
 * a problem already notified; while the item flaps only FLAPPINGSTART/STOP are notified.
 */
export function stepAlert(s: AlertItemState, input: AlertInput, rule: AlertRuleData, inDowntime: boolean): { state: AlertItemState; signals: AlertSignal[] } {
  const state = check(s, input, rule);
  const signals: AlertSignal[] = [];
  const percent = percentStateChange(state.samples);
  const flapsNow = nextFlapping(state.flapping !== null, percent, rule.flapLowThreshold, rule.flapHighThreshold);
  if (flapsNow && !state.flapping) {
    state.flapping = { since: input.at, notified: !inDowntime };
    if (!inDowntime) signals.push({ kind: 'FLAPPINGSTART', status: state.status, previousStatus: state.hardStatus, since: input.at });
  } else if (!flapsNow && state.flapping) {
    if (state.flapping.notified) signals.push({ kind: 'FLAPPINGSTOP', status: state.status, previousStatus: state.hardStatus, since: state.flapping.since });
    state.flapping = null;
  }
  if (!state.flapping) signals.push(...notify(state, input.at, rule, inDowntime));
  return { state, signals };
}

/** Soft/hard bookkeeping and the flap sample of one check. */
function check(s: AlertItemState, input: AlertInput, rule: AlertRuleData): AlertItemState {
  const state: AlertItemState = { ...s, samples: s.samples };
  if (input.kind === 'tick') {
    state.samples = pushSample(s.samples, s.status);
    if (isOk(s.status) || s.stateType === 'HARD') return state;
    state.attempts = s.attempts + 1;
    if (state.attempts >= rule.maxCheckAttempts) harden(state, s.status);
    return state;
  }
  const status = input.status;
  state.samples = pushSample(s.samples, status);
  if (status === s.status) return state;
  state.status = status;
  if (isOk(status)) {
    // A recovery is HARD at once (a SOFT one when the problem never became HARD).
    state.attempts = 0;
    if (!isOk(s.hardStatus)) harden(state, status);
    state.stateType = 'HARD';
    return state;
  }
  if (isOk(s.status)) {
    state.attempts = 1;
    state.problemSince = input.at;
    state.stateType = 'SOFT';
  } else if (s.stateType === 'HARD') {
    // non-OK → another non-OK while HARD: HARD at once.
    harden(state, status);
    return state;
  } else {
    state.attempts = s.attempts + 1;
  }
  if (state.attempts >= rule.maxCheckAttempts) harden(state, status);
  return state;
}

function harden(state: AlertItemState, status: string): void {
  state.stateType = 'HARD';
  if (state.hardStatus !== status) {
    state.previousHardStatus = state.hardStatus;
    state.hardStatus = status;
  }
}

/** Problem, re-notification or recovery, given the HARD state and what was notified. */
function notify(state: AlertItemState, at: number, rule: AlertRuleData, inDowntime: boolean): AlertSignal[] {
  const problem = state.stateType === 'HARD' && rule.statuses.includes(state.hardStatus) ? state.hardStatus : null;
  const open = state.notified;
  if (problem === null) {
    if (!open) return [];
    state.notified = null;
    return [{ kind: 'RESOLVED', status: state.status, since: open.since, at }];
  }
  if (inDowntime) return [];
  if (!open || open.status !== problem) {
    const since = open?.since ?? state.problemSince;
    state.notified = { status: problem, since, at };
    return [{ kind: 'PROBLEM', status: problem, previousStatus: state.previousHardStatus, since }];
  }
  if (rule.notificationInterval > 0 && at - open.at >= rule.notificationInterval) {
    state.notified = { ...open, at };
    return [{ kind: 'RENOTIFY', status: problem, previousStatus: state.previousHardStatus, since: open.since }];
  }
  return [];
}

/** Nothing to remember: OK, nothing open, and no transition left in the flap window. */
export const isIdle = (s: AlertItemState): boolean =>
  isOk(s.status) && !s.notified && !s.flapping && s.samples.every((x) => x === s.status);
