import { NotFound, RuleViolation } from '../shared/rule-violation';
import { requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import { checkMatchers, checkNotMatchingEverything, matchesAll, type Labels, type Matcher } from './matchers';

export interface SilenceCreatedData {
  id: string;
  matchers: Matcher[];
  /** ms */
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
}

export interface SilenceExpiredData {
  id: string;
  expiredAt: number;
}

export type SilenceEvent = { type: 'SilenceCreated'; data: SilenceCreatedData } | { type: 'SilenceExpired'; data: SilenceExpiredData };

export interface Silence extends SilenceCreatedData {
  /** Set when expired through the API before its end. */
  expiredAt: number | null;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export interface SilenceInput {
  matchers: Matcher[];
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export type SilenceCommand = { type: 'CreateSilence'; id: string; silence: SilenceInput } | { type: 'ExpireSilence'; id: string };

/** A tenant's silences by id (one stream holds them all: few, listed together). */
export type Silences = ReadonlyMap<string, Silence>;

export const SILENCES_STREAM = { category: 'silences', id: 'all' } as const;

/** Validates a new silence as Alertmanager does; a start in the past becomes now. Throws RuleViolation naming the field. */
export function checkSilence(s: SilenceInput, now: number): Omit<SilenceCreatedData, 'id' | 'createdAt'> {
  const matchers = checkMatchers(s.matchers, 'matchers');
  checkNotMatchingEverything(matchers, 'matchers');
  const startsAt = Math.max(s.startsAt ?? now, now);
  if (!Number.isFinite(s.endsAt) || s.endsAt <= startsAt) throw new RuleViolation('SILENCE_ENDS_BEFORE_START', 'endsAt must be after startsAt (and in the future)', 'endsAt');
  const createdBy = requireText(s.createdBy, 'SILENCE_AUTHOR_REQUIRED', 'createdBy').trim();
  const comment = requireText(s.comment, 'SILENCE_COMMENT_REQUIRED', 'comment').trim();
  return { matchers, startsAt, endsAt: s.endsAt, createdBy, comment };
}

export function decideSilence(command: SilenceCommand, silences: Silences, now: number): SilenceEvent[] {
  switch (command.type) {
    case 'CreateSilence': {
      if (silences.has(command.id)) throw new RuleViolation('SILENCE_EXISTS', `silence ${command.id} already exists`, 'id');
      return [{ type: 'SilenceCreated', data: { id: command.id, ...checkSilence(command.silence, now), createdAt: now } }];
    }
    case 'ExpireSilence': {
      const s = silences.get(command.id);
      if (!s) throw new NotFound('silence', command.id);
      if (silenceState(s, now) === 'expired') throw new RuleViolation('SILENCE_ALREADY_EXPIRED', `silence ${command.id} has already expired`);
      return [{ type: 'SilenceExpired', data: { id: command.id, expiredAt: now } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown silence command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveSilences(silences: Silences, e: SilenceEvent): Silences {
  const next = new Map(silences);
  if (e.type === 'SilenceCreated') next.set(e.data.id, { ...e.data, matchers: e.data.matchers.map((m) => ({ ...m })), expiredAt: null });
  else {
    const s = silences.get(e.data.id);
    if (s) next.set(s.id, { ...s, expiredAt: e.data.expiredAt });
  }
  return next;
}

export const silenceDecider: ViewDecider<SilenceCommand, Silences, SilenceEvent, unknown> = {
  decide: (command, silences, _view, now) => decideSilence(command, silences, now),
  evolve: evolveSilences,
  initialState: () => new Map(),
};

/** When the silence stops muting: its end, or the moment it was expired. */
export const silenceEnd = (s: Silence): number => (s.expiredAt === null ? s.endsAt : Math.min(s.endsAt, s.expiredAt));

export function silenceState(s: Silence, at: number): SilenceState {
  if (at >= silenceEnd(s)) return 'expired';
  return at < s.startsAt ? 'pending' : 'active';
}

/** Whether an active silence (at `at`) matches every one of its matchers against the labels. */
export function isSilenced(silences: Iterable<Silence>, labels: Labels, at: number): boolean {
  for (const s of silences) if (silenceState(s, at) === 'active' && matchesAll(s.matchers, labels)) return true;
  return false;
}
