export * from './alert.events';
export * from './alert-rule.decider';
export * from './alert-state';
export * from './alert-evaluator';
export * from './alert-downtimes';
export * from './flapping';
export * from './webhook-subscription.decider';
