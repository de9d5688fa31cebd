import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { evolveSilences, isSilenced, silenceDecider, silenceState, type SilenceEvent } from './silence.decider';

const NOW = Date.UTC(2026, 10, 24, 12);
const H = 3600_000;
const given = deciderSpec(silenceDecider, () => ({ view: undefined, now: NOW }));
const matchers = [{ name: 'endpoint_group', value: 'CERN-PROD', isRegex: false, isEqual: true }];
const input = { matchers, endsAt: NOW + H, createdBy: 'ops@cern.ch', comment: 'storage upgrade' };
const created: SilenceEvent = { type: 'SilenceCreated', data: { id: 's1', matchers, startsAt: NOW, endsAt: NOW + H, createdBy: 'ops@cern.ch', comment: 'storage upgrade', createdAt: NOW } };

describe('silences', () => {
  it('creates a silence starting now when no start (or a past one) is given', () => {
    given().when({ type: 'CreateSilence', id: 's1', silence: input }).then([created]);
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, startsAt: NOW - H } }).then([created]);
  });

  it('refuses an end before the start, no matchers, a bad regex, and a missing author or comment', () => {
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, startsAt: NOW + 2 * H } }).thenRejects('SILENCE_ENDS_BEFORE_START', 'endsAt');
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, matchers: [] } }).thenRejects('MATCHERS_REQUIRED', 'matchers');
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, matchers: [{ name: 'x', value: '(', isRegex: true, isEqual: true }] } }).thenRejects('INVALID_MATCHER_REGEX', 'matchers[0].value');
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, createdBy: ' ' } }).thenRejects('SILENCE_AUTHOR_REQUIRED', 'createdBy');
    given().when({ type: 'CreateSilence', id: 's1', silence: { ...input, comment: '' } }).thenRejects('SILENCE_COMMENT_REQUIRED', 'comment');
  });

  it('expires a silence once; an unknown one is 404', () => {
    given([created]).when({ type: 'ExpireSilence', id: 's1' }).then([{ type: 'SilenceExpired', data: { id: 's1', expiredAt: NOW } }]);
    given([created, { type: 'SilenceExpired', data: { id: 's1', expiredAt: NOW } }]).when({ type: 'ExpireSilence', id: 's1' }).thenRejects('SILENCE_ALREADY_EXPIRED');
    given([created], { now: NOW + 2 * H }).when({ type: 'ExpireSilence', id: 's1' }).thenRejects('SILENCE_ALREADY_EXPIRED');
    given().when({ type: 'ExpireSilence', id: 'nope' }).thenNotFound('silence');
  });

  it('is pending before its start, active within its window, expired after its end or expiry', () => {
    const pending: SilenceEvent = { type: 'SilenceCreated', data: { ...created.data, startsAt: NOW + H, endsAt: NOW + 2 * H } };
    const s = fold(evolveSilences, new Map(), [pending]).get('s1')!;
    expect([NOW, NOW + H, NOW + 2 * H].map((t) => silenceState(s, t))).toEqual(['pending', 'active', 'expired']);
    const expired = fold(evolveSilences, new Map(), [pending, { type: 'SilenceExpired', data: { id: 's1', expiredAt: NOW + 90 * 60_000 } }]).get('s1')!;
    expect(silenceState(expired, NOW + 89 * 60_000)).toBe('active');
    expect(silenceState(expired, NOW + 90 * 60_000)).toBe('expired');
  });

  it('mutes only alerts whose labels match every matcher, at the time asked', () => {
    const silences = fold(evolveSilences, new Map(), [created]).values();
    const all = [...silences];
    expect(isSilenced(all, { endpoint_group: 'CERN-PROD', severity: 'critical' }, NOW + 1)).toBe(true);
    expect(isSilenced(all, { endpoint_group: 'OTHER' }, NOW + 1)).toBe(false);
    expect(isSilenced(all, { endpoint_group: 'CERN-PROD' }, NOW + H)).toBe(false);
  });
});
