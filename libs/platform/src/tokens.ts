/** Injection tokens for the adapters every app shares. */
export const CONFIG = Symbol('VigilConfig');
export const NATS = Symbol('NatsConnection');
export const EVENT_STORE = Symbol('EventStore');
export const CLICKHOUSE = Symbol('ClickHouse');
export const SCHEMAS = Symbol('SchemaCatalog');
export const METRICS = Symbol('PrometheusRegistry');
