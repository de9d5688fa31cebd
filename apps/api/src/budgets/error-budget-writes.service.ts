import { Inject, Injectable } from '@nestjs/common';
import { ALERT_RULES_STREAM, ERROR_BUDGETS_STREAM, errorBudgetDecider, evolveAlertRules, fold, type AlertRuleEvent, type AlertRules, type ErrorBudgetCommand, type ErrorBudgetEvent, type ErrorBudgets } from '@vigil/domain';
import { ConcurrencyError, type EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';

/**
 * A tenant's budgets live in one stream, decided against its alert rules (a budget may cover a
 * rule's items). Load, fold, decide, append at the revision decided on; a concurrent writer makes
 * us decide again (a few times) rather than answer 409.
 */
@Injectable()
export class ErrorBudgetWrites {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async budgets(tenant: string): Promise<ErrorBudgets> {
    return (await this.load(tenant)).budgets;
  }

  async run(tenant: string, command: ErrorBudgetCommand): Promise<ErrorBudgets> {
    for (let attempt = 1; ; attempt++) {
      const { budgets, revision } = await this.load(tenant);
      const events = errorBudgetDecider.decide(command, budgets, await this.rules(tenant), Date.now());
      if (events.length === 0) return budgets;
      try {
        await this.store.append({ tenant, ...ERROR_BUDGETS_STREAM }, events.map((e) => ({ type: e.type, data: e.data })), revision < 0 ? 'no-stream' : { revision });
        return fold(errorBudgetDecider.evolve, budgets, events);
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 5) throw err;
      }
    }
  }

  private async load(tenant: string): Promise<{ budgets: ErrorBudgets; revision: number }> {
    const history = await this.store.readStream({ tenant, ...ERROR_BUDGETS_STREAM });
    const budgets = fold(errorBudgetDecider.evolve, errorBudgetDecider.initialState(), history.map((e) => ({ type: e.type, data: e.data }) as ErrorBudgetEvent));
    return { budgets, revision: history.length > 0 ? history[history.length - 1].revision : -1 };
  }

  private async rules(tenant: string): Promise<AlertRules> {
    const history = await this.store.readStream({ tenant, ...ALERT_RULES_STREAM });
    return fold(evolveAlertRules, new Map() as AlertRules, history.map((e) => ({ type: e.type, data: e.data }) as AlertRuleEvent));
  }
}
