export * from './event-store.port';
export * from './memory/memory-event-store';
