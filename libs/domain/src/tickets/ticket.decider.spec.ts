import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider-spec';
import { DAY } from '../shared/time';
import { sampleTopology } from '../topology/topology.fixtures';
import type { TicketCommand } from './ticket.decider';
import { ticketDecider } from './ticket.decider';
import type { EscalationStep, TicketEvent } from './ticket.events';

const at = (day: string) => Date.parse(`${day}T10:00:00Z`);
const monday = at('2025-06-02');
const given = deciderSpec(ticketDecider, () => ({ view: sampleTopology(), now: monday }));

const opened = (over: Partial<Extract<TicketEvent, { type: 'TicketOpened' }>['data']> = {}): TicketEvent => ({
  type: 'TicketOpened',
  data: {
    id: 'T1',
    site: 'EXAMPLE-SITE',
    subject: 'CE failing',
    description: '',
    alarms: [],
    step: 'FIRST',
    deadline: at('2025-06-05'),
    expiresAt: monday + 3 * DAY,
    ...over,
  },
});
const escalated = (from: EscalationStep, to: EscalationStep, deadline: number): TicketEvent => ({ type: 'TicketEscalated', data: { id: 'T1', from, to, deadline } });
const closed: TicketEvent = { type: 'TicketClosed', data: { id: 'T1', resolution: 'fixed' } };

const openTicket = (over: Partial<Extract<TicketCommand, { type: 'OpenTicket' }>> = {}): TicketCommand => ({
  type: 'OpenTicket',
  id: 'T1',
  site: 'EXAMPLE-SITE',
  subject: 'CE failing',
  ...over,
});
const escalate: TicketCommand = { type: 'EscalateTicket', id: 'T1' };

describe('opening a ticket', () => {
  it('opens at the first step, due in 3 working days, expiring in 3 days', () => given().when(openTicket()).then([opened()]));

  it('gives a ticket opened on Friday until Wednesday', () =>
    given([], { now: at('2025-06-06') })
      .when(openTicket())
      .then([opened({ deadline: at('2025-06-11'), expiresAt: at('2025-06-09') })]));

  it('links the alarms it masks, each once', () =>
    given().when(openTicket({ alarms: ['a1', 'a2', 'a1'] })).then([opened({ alarms: ['a1', 'a2'] })]));

  it('refuses a ticket against a site that does not exist', () => given().when(openTicket({ site: 'NO-SITE' })).thenRejects('UNKNOWN_SITE', 'site'));

  it('requires a subject', () => given().when(openTicket({ subject: ' ' })).thenRejects('TICKET_SUBJECT_REQUIRED', 'subject'));

  it('refuses an expiry in the past', () => given().when(openTicket({ expiresAt: monday - 1 })).thenRejects('TICKET_EXPIRY_IN_PAST', 'expiresAt'));

  it('refuses to open the same ticket twice', () => given([opened()]).when(openTicket()).thenRejects('TICKET_ALREADY_OPENED'));
});

describe('working on a ticket', () => {
  it('adds a comment', () =>
    given([opened()])
      .when({ type: 'CommentTicket', id: 'T1', author: 'rod@ngi.example.org', text: 'Any news?' })
      .then([{ type: 'TicketCommented', data: { id: 'T1', author: 'rod@ngi.example.org', text: 'Any news?' } }]));

  it('refuses an empty comment', () =>
    given([opened()]).when({ type: 'CommentTicket', id: 'T1', author: 'rod', text: '' }).thenRejects('COMMENT_TEXT_REQUIRED', 'text'));

  it('refuses a comment on a closed ticket', () =>
    given([opened(), closed]).when({ type: 'CommentTicket', id: 'T1', author: 'rod', text: 'late' }).thenRejects('TICKET_CLOSED'));

  it('answers not found for an unknown ticket', () => given().when({ type: 'CommentTicket', id: 'T1', author: 'rod', text: 'x' }).thenNotFound('ticket'));

  it('assigns the ticket', () =>
    given([opened()])
      .when({ type: 'AssignTicket', id: 'T1', assignee: 'admin@example.org' })
      .then([{ type: 'TicketAssigned', data: { id: 'T1', assignee: 'admin@example.org' } }]));

  it('moves the expiry', () =>
    given([opened()])
      .when({ type: 'SetTicketExpiry', id: 'T1', expiresAt: monday + 10 * DAY })
      .then([{ type: 'TicketExpirySet', data: { id: 'T1', expiresAt: monday + 10 * DAY } }]));

  it('refuses to move the expiry into the past', () =>
    given([opened()]).when({ type: 'SetTicketExpiry', id: 'T1', expiresAt: monday }).thenRejects('TICKET_EXPIRY_IN_PAST'));

  it('closes with a resolution', () => given([opened()]).when({ type: 'CloseTicket', id: 'T1', resolution: 'fixed' }).then([closed]));

  it('requires a resolution to close', () =>
    given([opened()]).when({ type: 'CloseTicket', id: 'T1', resolution: '' }).thenRejects('RESOLUTION_REQUIRED', 'resolution'));

  it('refuses to close a ticket twice', () => given([opened(), closed]).when({ type: 'CloseTicket', id: 'T1', resolution: 'again' }).thenRejects('TICKET_CLOSED'));
});

describe('escalating a ticket', () => {
  it('goes to the second step with 3 more working days', () =>
    given([opened()], { now: at('2025-06-05') }).when(escalate).then([escalated('FIRST', 'SECOND', at('2025-06-10'))]));

  it('goes to the NGI step with 5 working days', () =>
    given([opened(), escalated('FIRST', 'SECOND', at('2025-06-10'))], { now: at('2025-06-10') })
      .when(escalate)
      .then([escalated('SECOND', 'NGI', at('2025-06-17'))]));

  it('goes to the Operations step with 1 working day', () =>
    given([opened(), escalated('FIRST', 'SECOND', 0), escalated('SECOND', 'NGI', 0)], { now: at('2025-06-13') })
      .when(escalate)
      .then([escalated('NGI', 'OPERATIONS', at('2025-06-16'))]));

  it('does not count holidays towards the deadline', () =>
    given([opened()], { now: at('2025-06-05') })
      .when({ type: 'EscalateTicket', id: 'T1', holidays: ['2025-06-09'] })
      .then([escalated('FIRST', 'SECOND', at('2025-06-11'))]));

  it('refuses to escalate beyond the Operations step', () =>
    given([opened(), escalated('FIRST', 'SECOND', 0), escalated('SECOND', 'NGI', 0), escalated('NGI', 'OPERATIONS', 0)])
      .when(escalate)
      .thenRejects('ESCALATION_EXHAUSTED'));

  it('refuses to escalate a closed ticket', () => given([opened(), closed]).when(escalate).thenRejects('TICKET_CLOSED'));
});
