export * from './jetstream-event-store';
export * from './events-stream';
