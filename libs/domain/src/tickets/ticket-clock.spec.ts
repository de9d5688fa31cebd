import { describe, expect, it } from 'vitest';
import { expectSchemaRoundTrip } from '../shared/decider-spec';
import { DAY, HOUR } from '../shared/time';
import { sampleTopology } from '../topology/topology.fixtures';
import { TicketClock } from './ticket-clock';
import type { TicketEvent } from './ticket.events';

const at = (day: string, time = '10:00:00') => Date.parse(`${day}T${time}Z`);
const view = sampleTopology();
const opened = (openedAt: number, deadline: number): TicketEvent => ({
  type: 'TicketOpened',
  data: { id: 'T1', site: 'EXAMPLE-SITE', subject: 's', description: '', alarms: [], step: 'FIRST', deadline, expiresAt: openedAt + 3 * DAY },
});

function clockWithTicket(openedAt = at('2025-06-02'), deadline = at('2025-06-05')): TicketClock {
  const clock = new TicketClock();
  clock.apply(opened(openedAt, deadline), openedAt);
  return clock;
}

describe('escalation by the clock', () => {
  it('leaves a ticket alone before its step deadline', () => expect(clockWithTicket().escalations(at('2025-06-05', '09:59:00'), view)).toEqual([]));

  it('escalates to the second step at the deadline, with 3 more working days', () => {
    const events = clockWithTicket().escalations(at('2025-06-05'), view);
    expect(events).toEqual([{ type: 'TicketEscalated', data: { id: 'T1', from: 'FIRST', to: 'SECOND', deadline: at('2025-06-10') } }]);
    expectSchemaRoundTrip(events);
  });

  it('skips holidays when placing the next deadline', () => {
    const [e] = clockWithTicket().escalations(at('2025-06-05'), view, ['2025-06-06', '2025-06-09']);
    expect(e.data).toMatchObject({ to: 'SECOND', deadline: at('2025-06-12') });
  });

  it('walks every step over the weeks, then stops at the Operations step', () => {
    const clock = clockWithTicket();
    const steps: string[] = [];
    for (let t = at('2025-06-02'); t < at('2025-07-15'); t += HOUR) {
      for (const e of clock.escalations(t, view)) {
        clock.apply(e, t);
        if (e.type === 'TicketEscalated') steps.push(`${e.data.to} ${new Date(t).toISOString().slice(0, 10)}`);
      }
    }
    // Thursday +3 working days is Tuesday; Tuesday +5 is the next Tuesday; +1 is Wednesday.
    expect(steps).toEqual(['SECOND 2025-06-05', 'NGI 2025-06-10', 'OPERATIONS 2025-06-17']);
    expect(clock.get('T1')?.ticket.step).toBe('OPERATIONS');
  });

  it('restarts the step when someone works on the ticket', () => {
    const clock = clockWithTicket();
    clock.apply({ type: 'TicketCommented', data: { id: 'T1', author: 'site-admin', text: 'on it' } }, at('2025-06-04'));
    expect(clock.escalations(at('2025-06-05'), view)).toEqual([]);
    // Wednesday's comment gives the first step until the Monday after.
    expect(clock.escalations(at('2025-06-09'), view).map((e) => e.type)).toEqual(['TicketEscalated']);
  });

  it('never escalates a closed ticket', () => {
    const clock = clockWithTicket();
    clock.apply({ type: 'TicketClosed', data: { id: 'T1', resolution: 'fixed' } }, at('2025-06-03'));
    expect(clock.escalations(at('2025-06-20'), view)).toEqual([]);
    expect(clock.openFor('EXAMPLE-SITE')).toBeUndefined();
  });
});
