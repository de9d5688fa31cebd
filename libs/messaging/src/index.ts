export * from './nats';
export * from './event-batch';
export * from './durable-consumer';
export * from './consumer-info';
export * from './ts-worker';
export * from './transient';
