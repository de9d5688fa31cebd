export * from './error-budget.events';
export * from './error-budget.decider';
export * from './budget-duration';
export * from './budget-ledger';
export * from './budget-evaluator';
