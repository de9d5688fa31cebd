import type { EscalationStep, TicketEvent } from '@vigil/domain';
import type { RecordedEvent } from '@vigil/events';
import type { EntityIndexDefinition } from '../shared/entity-index';
import { toIso } from '../shared/date-time';
import { categoryOf } from '../shared/registry-streams';

export const TICKET_EVENT_TYPES: readonly TicketEvent['type'][] = [
  'TicketOpened',
  'TicketCommented',
  'TicketAssigned',
  'TicketEscalated',
  'TicketExpirySet',
  'TicketClosed',
];

export interface TicketView {
  id: string;
  site: string;
  subject: string;
  description: string;
  alarms: string[];
  status: 'open' | 'closed';
  step: EscalationStep;
  /** End of the current step's working days. */
  deadline: string;
  expiresAt: string;
  assignee: string | null;
  resolution: string | null;
  openedAt: string;
  closedAt: string | null;
  comments: { author: string; text: string; at: string }[];
}

/** Tickets by id with their whole conversation, as GET /api/v1/tickets shows them. */
export const ticketIndex: EntityIndexDefinition<TicketView | null, TicketView> = {
  entity: 'ticket',
  category: categoryOf('ticket'),
  types: TICKET_EVENT_TYPES,
  evolve: (ticket, recorded) => evolveTicketView(ticket ?? null, recorded),
  exists: (ticket) => ticket !== null,
  present: (ticket) => ticket!,
};

function evolveTicketView(t: TicketView | null, recorded: RecordedEvent): TicketView | null {
  const event = recorded as unknown as TicketEvent;
  const at = toIso(recorded.recordedAt);
  if (event.type === 'TicketOpened') {
    const d = event.data;
    return {
      ...d,
      status: 'open',
      deadline: toIso(d.deadline),
      expiresAt: toIso(d.expiresAt),
      assignee: null,
      resolution: null,
      openedAt: at,
      closedAt: null,
      comments: [],
    };
  }
  if (!t) return t;
  switch (event.type) {
    case 'TicketCommented':
      return { ...t, comments: [...t.comments, { author: event.data.author, text: event.data.text, at }] };
    case 'TicketAssigned':
      return { ...t, assignee: event.data.assignee };
    case 'TicketEscalated':
      return { ...t, step: event.data.to, deadline: toIso(event.data.deadline) };
    case 'TicketExpirySet':
      return { ...t, expiresAt: toIso(event.data.expiresAt) };
    case 'TicketClosed':
      return { ...t, status: 'closed', resolution: event.data.resolution, closedAt: at };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
