export * from './day-history';
export * from './recompute-day';
export * from './recomputation-state';
export * from './recompute-runner';
export * from './recompute-worker';
