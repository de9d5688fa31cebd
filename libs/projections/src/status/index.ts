export * from './status-inputs';
export * from './status.projection';
export * from './status.sink';
export * from './status-snapshot.store';
export * from './status-projector';
