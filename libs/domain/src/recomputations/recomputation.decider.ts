import { DAY } from '../shared/time';
import { NotFound, RuleViolation } from '../shared/rule-violation';
import type { ViewDecider } from '../shared/view-decider';
import type { RecomputationEvent, RecomputationRequestedData } from './recomputation.events';

export type RecomputationStatus = 'pending' | 'running' | 'done' | 'failed' | 'withdrawn';

export type RecomputationState =
  | { status: 'none' }
  | { status: RecomputationStatus; request: RecomputationRequestedData; days: string[]; error: string | null };

export type RecomputationRequest = Omit<RecomputationRequestedData, 'requestedAt'>;

export type RecomputationCommand =
  | { type: 'RequestRecomputation'; request: RecomputationRequest }
  | { type: 'StartRecomputation'; id: string }
  | { type: 'CompleteRecomputation'; id: string; days: string[] }
  | { type: 'FailRecomputation'; id: string; error: string }
  | { type: 'WithdrawRecomputation'; id: string; reason: string | null };

/** Longest period one recomputation may cover. */
export const MAX_RECOMPUTATION_DAYS = 366;

export function decideRecomputation(command: RecomputationCommand, s: RecomputationState, now: number): RecomputationEvent[] {
  switch (command.type) {
    case 'RequestRecomputation': {
      if (s.status !== 'none') throw new RuleViolation('RECOMPUTATION_EXISTS', `recomputation ${command.request.id} already exists`, 'id');
      checkRequest(command.request, now);
      return [{ type: 'RecomputationRequested', data: { ...command.request, requestedAt: now } }];
    }
    case 'StartRecomputation': {
      const r = existing(s, command.id);
      if (r.status !== 'pending') throw new RuleViolation('RECOMPUTATION_NOT_PENDING', `recomputation ${command.id} is ${r.status}, not pending`);
      return [{ type: 'RecomputationStarted', data: { id: command.id, days: affectedDays(r.request.start, r.request.end), at: now } }];
    }
    case 'CompleteRecomputation':
    case 'FailRecomputation': {
      const r = existing(s, command.id);
      if (r.status !== 'running') throw new RuleViolation('RECOMPUTATION_NOT_RUNNING', `recomputation ${command.id} is ${r.status}, not running`);
      return command.type === 'CompleteRecomputation'
        ? [{ type: 'RecomputationCompleted', data: { id: command.id, days: command.days, at: now } }]
        : [{ type: 'RecomputationFailed', data: { id: command.id, error: command.error, at: now } }];
    }
    case 'WithdrawRecomputation': {
      const r = existing(s, command.id);
      if (r.status !== 'pending' && r.status !== 'done') throw new RuleViolation('RECOMPUTATION_NOT_WITHDRAWABLE', `recomputation ${command.id} is ${r.status}: only a pending or done one can be withdrawn`);
      return [{ type: 'RecomputationWithdrawn', data: { id: command.id, reason: command.reason, at: now } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown recomputation command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveRecomputation(s: RecomputationState, e: RecomputationEvent): RecomputationState {
  if (e.type === 'RecomputationRequested') return { status: 'pending', request: e.data, days: affectedDays(e.data.start, e.data.end), error: null };
  if (s.status === 'none') return s;
  switch (e.type) {
    case 'RecomputationStarted':
      return { ...s, status: 'running', days: e.data.days };
    case 'RecomputationCompleted':
      return { ...s, status: 'done', days: e.data.days };
    case 'RecomputationFailed':
      return { ...s, status: 'failed', error: e.data.error };
    case 'RecomputationWithdrawn':
      return { ...s, status: 'withdrawn' };
  }
}

export const recomputationDecider: ViewDecider<RecomputationCommand, RecomputationState, RecomputationEvent, unknown> = {
  decide: (command, s, _view, now) => decideRecomputation(command, s, now),
  evolve: evolveRecomputation,
  initialState: () => ({ status: 'none' }),
};

/** The UTC days (YYYY-MM-DD) a period touches, from its start's day through its end's day (as ARGO does). */
export function affectedDays(start: number, end: number): string[] {
  const days: string[] = [];
  for (let d = Math.floor(start / DAY) * DAY; d <= end; d += DAY) days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

function existing(s: RecomputationState, id: string): Exclude<RecomputationState, { status: 'none' }> {
  if (s.status === 'none') throw new NotFound('recomputation', id);
  return s;
}

function checkRequest(r: RecomputationRequest, now: number): void {
  if (r.start >= r.end) throw new RuleViolation('START_NOT_BEFORE_END', 'start_time must be before end_time', 'end_time');
  if (r.end > now) throw new RuleViolation('PERIOD_IN_FUTURE', 'end_time must not be in the future', 'end_time');
  // Only final days are recomputed: today's figures are still being written by the live projection.
  if (Math.floor(r.end / DAY) === Math.floor(now / DAY)) throw new RuleViolation('DAY_NOT_OVER', 'end_time must lie before today (UTC): only finished days are recomputed', 'end_time');
  if (r.end - r.start > MAX_RECOMPUTATION_DAYS * DAY) throw new RuleViolation('PERIOD_TOO_LONG', `a recomputation covers at most ${MAX_RECOMPUTATION_DAYS} days`, 'start_time');
  const changes = r.exclude.length + r.excludeMetrics.length + r.excludeMonitoringSource.length + r.appliedStatusChanges.length;
  if (changes === 0) throw new RuleViolation('NOTHING_TO_RECOMPUTE', 'give at least one of exclude, exclude_metrics, exclude_monitoring_source or applied_status_changes', 'exclude');
  r.excludeMetrics.forEach((m, i) => {
    if (!m.group && !m.service && !m.hostname && !m.metric) throw new RuleViolation('EMPTY_METRIC_EXCLUSION', 'an exclude_metrics entry must name a group, service, hostname or metric', `exclude_metrics.${i}`);
  });
  r.excludeMonitoringSource.forEach((m, i) => {
    if (m.start >= m.end) throw new RuleViolation('START_NOT_BEFORE_END', 'start_time must be before end_time', `exclude_monitoring_source.${i}.end_time`);
  });
  r.appliedStatusChanges.forEach((c, i) => {
    if (c.start !== null && c.end !== null && c.start >= c.end) throw new RuleViolation('START_NOT_BEFORE_END', 'start_time must be before end_time', `applied_status_changes.${i}.end_time`);
  });
}
