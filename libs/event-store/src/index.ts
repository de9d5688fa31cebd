export * from './event-store.port';
export * from './subject';
export * from './memory/memory-event-store';
export * from './jetstream';
export * from './kurrentdb';
export * from './clock/clock-ticker';
export * from './each-limited';
export * from './with-retries';
