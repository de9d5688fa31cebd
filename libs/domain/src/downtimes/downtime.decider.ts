import { NotFound, RuleViolation } from '../shared/rule-violation';
import { definedOnly, distinct, requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { TopologyView } from '../topology/topology-view';
import { checkDowntimeDates, checkDowntimeScope, classifyDowntime, END_NOW_DELAY, hasFinished, hasStarted, isDowntimeFrozen } from './downtime-rules';
import type { DowntimeData, DowntimeEvent, DowntimeSeverity } from './downtime.events';

export type DowntimeCommand =
  | {
      type: 'DeclareDowntime';
      id: string;
      services: string[];
      endpoints?: string[];
      severity: DowntimeSeverity;
      start: number;
      end: number;
      description: string;
    }
  | {
      type: 'UpdateDowntime';
      id: string;
      services?: string[];
      endpoints?: string[];
      severity?: DowntimeSeverity;
      start?: number;
      end?: number;
      description?: string;
    }
  /** Deletes a downtime that has not started yet. */
  | { type: 'CancelDowntime'; id: string }
  /** "End now": an ongoing downtime ends a minute from now. */
  | { type: 'EndDowntimeNow'; id: string };

export type DowntimeState = { status: 'none' } | { status: 'declared'; downtime: DowntimeData } | { status: 'cancelled' };

export const initialDowntimeState = (): DowntimeState => ({ status: 'none' });

export function decideDowntime(command: DowntimeCommand, state: DowntimeState, view: TopologyView, now: number): DowntimeEvent[] {
  switch (command.type) {
    case 'DeclareDowntime': {
      if (state.status !== 'none') throw new RuleViolation('DOWNTIME_ALREADY_DECLARED', `downtime ${command.id} already exists`, 'id');
      const data = shape(command.id, command, view, now, true);
      return [{ type: 'DowntimeDeclared', data }];
    }
    case 'UpdateDowntime': {
      const current = declared(state, command.id);
      if (hasFinished(current, now)) throw new RuleViolation('DOWNTIME_FINISHED', 'a finished downtime cannot be edited');
      if (isDowntimeFrozen(current, now)) throw frozen('edited');
      const { type: _type, id: _id, ...patch } = command;
      const next = { ...current, ...definedOnly(patch) };
      if (next.end > current.end) {
        throw new RuleViolation('DOWNTIME_EXTENSION_FORBIDDEN', 'a downtime cannot be extended; declare a new one', 'end');
      }
      return [{ type: 'DowntimeUpdated', data: shape(current.id, next, view, now, next.start !== current.start) }];
    }
    case 'CancelDowntime': {
      const current = declared(state, command.id);
      if (hasStarted(current, now)) throw new RuleViolation('DOWNTIME_ALREADY_STARTED', 'only a downtime that has not started can be deleted');
      if (isDowntimeFrozen(current, now)) throw frozen('deleted');
      return [{ type: 'DowntimeCancelled', data: { id: current.id } }];
    }
    case 'EndDowntimeNow': {
      const current = declared(state, command.id);
      if (!hasStarted(current, now)) throw new RuleViolation('DOWNTIME_NOT_STARTED', 'only an ongoing downtime can be ended now; delete it instead');
      if (hasFinished(current, now)) throw new RuleViolation('DOWNTIME_FINISHED', 'the downtime has already ended');
      const end = now + END_NOW_DELAY;
      // Already ending within the minute: nothing to shorten.
      return end < current.end ? [{ type: 'DowntimeEndedEarly', data: { id: current.id, end } }] : [];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown downtime command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveDowntime(state: DowntimeState, event: DowntimeEvent): DowntimeState {
  switch (event.type) {
    case 'DowntimeDeclared':
    case 'DowntimeUpdated':
      return { status: 'declared', downtime: event.data };
    case 'DowntimeCancelled':
      return { status: 'cancelled' };
    case 'DowntimeEndedEarly':
      return state.status === 'declared' ? { ...state, downtime: { ...state.downtime, end: event.data.end } } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const downtimeDecider: ViewDecider<DowntimeCommand, DowntimeState, DowntimeEvent, TopologyView> = {
  decide: decideDowntime,
  evolve: evolveDowntime,
  initialState: initialDowntimeState,
};

type Fields = Pick<DowntimeData, 'services' | 'severity' | 'start' | 'end' | 'description'> & { endpoints?: string[] };

/** Validates a downtime's fields against the rules and topology; returns its event data, classified as of now. */
function shape(id: string, f: Fields, view: TopologyView, now: number, startChanged: boolean): DowntimeData {
  const description = requireText(f.description, 'DOWNTIME_DESCRIPTION_REQUIRED', 'description');
  checkDowntimeDates(f.start, f.end, now, startChanged);
  const services = distinct(f.services);
  const endpoints = distinct(f.endpoints ?? []);
  const site = checkDowntimeScope(view, services, endpoints);
  const classification = classifyDowntime(f.start, now);
  return { id, site, services, endpoints, severity: f.severity, classification, start: f.start, end: f.end, description };
}

function declared(state: DowntimeState, id: string): DowntimeData {
  if (state.status !== 'declared') throw new NotFound('downtime', id);
  return state.downtime;
}

const frozen = (verb: string) =>
  new RuleViolation('SCHEDULED_DOWNTIME_LOCKED', `a scheduled downtime starting within 24 h cannot be ${verb}`);
