export * from './projection';
export * from './projector-stats';
export * from './projector-runtime';
