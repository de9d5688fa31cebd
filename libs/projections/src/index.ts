export * from './projection';
export * from './projector-stats';
export * from './projector-runtime';
export * from './metric-results/metric-results.projection';
export * from './projector-host';
export * from './topology/topology.projection';
export * from './status';
export * from './replay';
