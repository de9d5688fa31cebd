export * from './schema-catalog';
export * from './envelope';
export * from './commit-codec';
export * from './schema-compatibility';
