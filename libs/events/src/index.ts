export * from './schema-catalog';
export * from './envelope';
export * from './commit-codec';
