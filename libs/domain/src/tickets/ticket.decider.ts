import { NotFound, RuleViolation } from '../shared/rule-violation';
import { distinct, requireText } from '../shared/validation';
import type { ViewDecider } from '../shared/view-decider';
import type { TopologyView } from '../topology/topology-view';
import { DEFAULT_TICKET_EXPIRY, nextStep, stepDeadline } from './escalation';
import type { EscalationStep, TicketEvent } from './ticket.events';

/** Public holidays (`YYYY-MM-DD`, UTC) that do not count as working days for deadlines. */
type Holidays = { holidays?: readonly string[] };

export type TicketCommand =
  | ({ type: 'OpenTicket'; id: string; site: string; subject: string; description?: string; alarms?: string[]; expiresAt?: number } & Holidays)
  | { type: 'CommentTicket'; id: string; author: string; text: string }
  | { type: 'AssignTicket'; id: string; assignee: string }
  | ({ type: 'EscalateTicket'; id: string } & Holidays)
  | { type: 'SetTicketExpiry'; id: string; expiresAt: number }
  | { type: 'CloseTicket'; id: string; resolution: string };

export interface ActiveTicket {
  id: string;
  site: string;
  step: EscalationStep;
  deadline: number;
  expiresAt: number;
  assignee: string | null;
}

export type TicketState = { status: 'none' } | { status: 'open'; ticket: ActiveTicket } | { status: 'closed'; id: string };

export const initialTicketState = (): TicketState => ({ status: 'none' });

export function decideTicket(command: TicketCommand, state: TicketState, view: TopologyView, now: number): TicketEvent[] {
  switch (command.type) {
    case 'OpenTicket': {
      if (state.status !== 'none') throw new RuleViolation('TICKET_ALREADY_OPENED', `ticket ${command.id} already exists`, 'id');
      if (!view.sites.has(command.site)) throw new RuleViolation('UNKNOWN_SITE', `no site named ${command.site}`, 'site');
      const subject = requireText(command.subject, 'TICKET_SUBJECT_REQUIRED', 'subject');
      const expiresAt = command.expiresAt ?? now + DEFAULT_TICKET_EXPIRY;
      checkExpiry(expiresAt, now);
      const data = {
        id: command.id,
        site: command.site,
        subject,
        description: command.description ?? '',
        alarms: distinct(command.alarms ?? []),
        step: 'FIRST' as const,
        deadline: stepDeadline('FIRST', now, command.holidays),
        expiresAt,
      };
      return [{ type: 'TicketOpened', data }];
    }
    case 'CommentTicket': {
      const { id } = open(state, command.id, 'commented');
      const text = requireText(command.text, 'COMMENT_TEXT_REQUIRED', 'text');
      return [{ type: 'TicketCommented', data: { id, author: requireText(command.author, 'COMMENT_AUTHOR_REQUIRED', 'author'), text } }];
    }
    case 'AssignTicket': {
      const { id } = open(state, command.id, 'assigned');
      return [{ type: 'TicketAssigned', data: { id, assignee: requireText(command.assignee, 'ASSIGNEE_REQUIRED', 'assignee') } }];
    }
    case 'EscalateTicket': {
      const { id, step } = open(state, command.id, 'escalated');
      const to = nextStep(step);
      return [{ type: 'TicketEscalated', data: { id, from: step, to, deadline: stepDeadline(to, now, command.holidays) } }];
    }
    case 'SetTicketExpiry': {
      const { id } = open(state, command.id, 'changed');
      checkExpiry(command.expiresAt, now);
      return [{ type: 'TicketExpirySet', data: { id, expiresAt: command.expiresAt } }];
    }
    case 'CloseTicket': {
      const { id } = open(state, command.id, 'closed again');
      return [{ type: 'TicketClosed', data: { id, resolution: requireText(command.resolution, 'RESOLUTION_REQUIRED', 'resolution') } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown ticket command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'TicketOpened') {
    const { id, site, step, deadline, expiresAt } = event.data;
    return { status: 'open', ticket: { id, site, step, deadline, expiresAt, assignee: null } };
  }
  if (state.status !== 'open') return state;
  const ticket = state.ticket;
  switch (event.type) {
    case 'TicketCommented':
      return state;
    case 'TicketAssigned':
      return { status: 'open', ticket: { ...ticket, assignee: event.data.assignee } };
    case 'TicketEscalated':
      return { status: 'open', ticket: { ...ticket, step: event.data.to, deadline: event.data.deadline } };
    case 'TicketExpirySet':
      return { status: 'open', ticket: { ...ticket, expiresAt: event.data.expiresAt } };
    case 'TicketClosed':
      return { status: 'closed', id: ticket.id };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const ticketDecider: ViewDecider<TicketCommand, TicketState, TicketEvent, TopologyView> = {
  decide: decideTicket,
  evolve: evolveTicket,
  initialState: initialTicketState,
};

function open(state: TicketState, id: string, verb: string): ActiveTicket {
  if (state.status === 'none') throw new NotFound('ticket', id);
  if (state.status === 'closed') throw new RuleViolation('TICKET_CLOSED', `a closed ticket cannot be ${verb}`);
  return state.ticket;
}

function checkExpiry(expiresAt: number, now: number): void {
  if (expiresAt <= now) throw new RuleViolation('TICKET_EXPIRY_IN_PAST', 'a ticket must expire in the future', 'expiresAt');
}
