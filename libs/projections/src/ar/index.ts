export * from './ar.projection';
export * from './ar.sink';
export * from './ar-projector';
