export * from './kurrentdb-event-store';
export * from './kurrentdb-stream-name';
export * from './kurrentdb-relay';
