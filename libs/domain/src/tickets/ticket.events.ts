// Ticket events: each type name is its Avro record name (schemas/ticket/*.avsc) and each `data`
// holds exactly that record's fields. Keep both in step.

/** Escalation steps in order (vigil.ticket.EscalationStep). */
export const ESCALATION_STEPS = ['FIRST', 'SECOND', 'NGI', 'OPERATIONS'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export type TicketEvent =
  | {
      type: 'TicketOpened';
      data: {
        id: string;
        site: string;
        subject: string;
        description: string;
        /** Alarms masked under this ticket. */
        alarms: string[];
        /** Opening is the first step: the first mail to the site. */
        step: EscalationStep;
        /** When the step's working days run out (epoch ms). */
        deadline: number;
        expiresAt: number;
      };
    }
  | { type: 'TicketCommented'; data: { id: string; author: string; text: string } }
  | { type: 'TicketAssigned'; data: { id: string; assignee: string } }
  | { type: 'TicketEscalated'; data: { id: string; from: EscalationStep; to: EscalationStep; deadline: number } }
  | { type: 'TicketExpirySet'; data: { id: string; expiresAt: number } }
  | { type: 'TicketClosed'; data: { id: string; resolution: string } };

export const ticketStreamId = (id: string): string => `ticket-${id}`;
