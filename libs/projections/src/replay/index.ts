export * from './replay-targets';
export * from './replay-runner';
export * from './replay-progress.store';
export * from './projection-versions';
export * from './log-reader';
export * from './shadow-tables';
export * from './replay-threads';
