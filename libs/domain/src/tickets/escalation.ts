import { RuleViolation } from '../shared/rule-violation';
import { DAY } from '../shared/time';
import type { EscalationStep } from './ticket.events';
import { ESCALATION_STEPS } from './ticket.events';
import { addWorkingDays } from './working-days';

/** Working days a site has at each step before the next one (Operations Portal workflow). */
export const STEP_WORKING_DAYS: Readonly<Record<EscalationStep, number>> = { FIRST: 3, SECOND: 3, NGI: 5, OPERATIONS: 1 };

/** A ticket expires this long after opening unless its expiry is set. */
export const DEFAULT_TICKET_EXPIRY = 3 * DAY;

export const stepDeadline = (step: EscalationStep, from: number, holidays: Iterable<string> = []): number =>
  addWorkingDays(from, STEP_WORKING_DAYS[step], holidays);

/** The step after `step`; there is none after OPERATIONS (next comes suspension of the site). */
export function nextStep(step: EscalationStep): EscalationStep {
  const next = ESCALATION_STEPS[ESCALATION_STEPS.indexOf(step) + 1];
  if (!next) throw new RuleViolation('ESCALATION_EXHAUSTED', 'the ticket is already at the Operations step; the next move is suspending the site');
  return next;
}
