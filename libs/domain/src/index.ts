export * from './shared';
export * from './argo';
export * from './topology';
export * from './downtimes';
export * from './tickets';
export * from './status';
export * from './ar';
export * from './alerts';
