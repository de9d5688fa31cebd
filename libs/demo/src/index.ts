export * from './seeded-random';
export * from './demo-service-types';
export * from './demo-topology';
export * from './demo-profiles';
export * from './demo-history';
