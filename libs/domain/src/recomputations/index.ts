export * from './recomputation.events';
export * from './recomputation.decider';
export * from './recomputation-input';
