import { RuleViolation } from '../shared/rule-violation';
import type { TopologyView } from '../topology/topology-view';
import { stepDeadline } from './escalation';
import { decideTicket, evolveTicket, initialTicketState, type ActiveTicket, type TicketState } from './ticket.decider';
import type { TicketEvent } from './ticket.events';

/** An open ticket as the clock watches it: its decider state, when it opened and its effective deadline. */
export interface WatchedTicket {
  ticket: ActiveTicket;
  openedAt: number;
  /** The step deadline, pushed back by updates: an update restarts the step's working days. */
  due: number;
}

/** Events that count as someone working on the ticket. */
const UPDATES: ReadonlySet<TicketEvent['type']> = new Set(['TicketCommented', 'TicketAssigned', 'TicketExpirySet']);

/**
 * Escalation by the clock: every open ticket whose step deadline passed without an update moves to
 * the next step (the ticket decider's rules). Time comes from the events only, so a replay agrees.
 */
export class TicketClock {
  private readonly open = new Map<string, WatchedTicket>();

  /** Applies a ticket event that happened at `at` (ms); `holidays` place an update's new deadline. */
  apply(event: TicketEvent, at: number, holidays: readonly string[] = []): void {
    const id = event.data.id;
    const watched = this.open.get(id);
    const before: TicketState = watched ? { status: 'open', ticket: watched.ticket } : initialTicketState();
    if (!watched && event.type !== 'TicketOpened') return;
    const after = evolveTicket(before, event);
    if (after.status !== 'open') {
      this.open.delete(id);
      return;
    }
    const t = after.ticket;
    if (event.type === 'TicketOpened') this.open.set(id, { ticket: t, openedAt: at, due: t.deadline });
    else if (event.type === 'TicketEscalated') this.open.set(id, { ...watched!, ticket: t, due: t.deadline });
    else if (UPDATES.has(event.type)) this.open.set(id, { ...watched!, ticket: t, due: Math.max(watched!.due, stepDeadline(t.step, at, holidays)) });
  }

  get(id: string): WatchedTicket | undefined {
    return this.open.get(id);
  }

  /** The open ticket of a site (the earliest opened when there are several), if any. */
  openFor(site: string): WatchedTicket | undefined {
    let found: WatchedTicket | undefined;
    for (const w of this.open.values()) if (w.ticket.site === site && (!found || w.openedAt < found.openedAt)) found = w;
    return found;
  }

  /** TicketEscalated for every ticket due at `now`; the Operations step is the last (then suspension, by hand). */
  escalations(now: number, view: TopologyView, holidays: readonly string[] = []): TicketEvent[] {
    const out: TicketEvent[] = [];
    for (const w of this.open.values()) {
      if (now < w.due || w.ticket.step === 'OPERATIONS') continue;
      try {
        out.push(...decideTicket({ type: 'EscalateTicket', id: w.ticket.id, holidays: [...holidays] }, { status: 'open', ticket: w.ticket }, view, now));
      } catch (err) {
        if (!(err instanceof RuleViolation)) throw err;
      }
    }
    return out;
  }

  values(): IterableIterator<WatchedTicket> {
    return this.open.values();
  }
}
