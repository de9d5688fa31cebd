export * from './rule-violation';
export * from './decider';
export * from './time';
export * from './view-decider';
