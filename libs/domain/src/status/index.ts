export * from './status.types';
export * from './status-profiles';
export * from './status-engine';
export * from './defaults/egi-operations.profile';
export * from './defaults/ap1-aggregation.profile';
export * from './status-settings';
