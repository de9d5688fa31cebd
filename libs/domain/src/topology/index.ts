export * from './topology.events';
export * from './stream-ids';
export * from './topology-view';
export * from './certification';
export * from './ngi.decider';
export * from './site.decider';
export * from './service.decider';
export * from './service-group.decider';
