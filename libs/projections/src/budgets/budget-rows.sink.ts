import type { ClickHouse } from '@vigil/read-models';
import type { Sink } from '../projection';
import type { BudgetWrite } from './budget.projection';

/**
 * error_budgets rows only: for a rebuild from the log. The burn-rate alerts' events are already in
 * the log, and their alerts_history/alerts_current rows are rebuilt with the alerts' tables.
 */
export const budgetRowsSink = (clickhouse: ClickHouse): Sink<BudgetWrite> => ({
  write: async (w) => {
    if (w.budgetRows.length > 0) await clickhouse.insert('error_budgets', w.budgetRows);
  },
});
