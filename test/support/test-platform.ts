import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig, type VigilConfig } from '@vigil/config';
import { catalog } from '@vigil/events';
import type { EventStore } from '@vigil/event-store';
import { CLICKHOUSE, CONFIG, EVENT_STORE, METRICS, NATS, Readiness, SCHEMAS } from '@vigil/platform';
import type { ClickHouse } from '@vigil/read-models';
import type { Registry } from 'prom-client';

/** The platform's adapters a test points at its own connection, streams and database. */
export interface TestPlatform {
  nats: NatsConnection;
  clickhouse: ClickHouse;
  /** Omitted: no EVENT_STORE provider (read-only APIs need none). */
  store?: EventStore;
  /** Defaults to loadConfig() of the process env. */
  config?: VigilConfig;
  /** Omitted: no METRICS provider (modules that take it treat it as optional). */
  metrics?: Registry;
  /** Further `{ provide, useValue }` providers (module options), exported with the rest. */
  providers?: Array<{ provide: string | symbol; useValue: unknown }>;
}

@Module({})
class TestPlatformModule {}

/** A global module providing the platform tokens, in place of PlatformModule (which connects to the configured servers). */
export function testPlatformModule(platform: TestPlatform): DynamicModule {
  const providers: Provider[] = [
    Readiness,
    { provide: CONFIG, useValue: platform.config ?? loadConfig() },
    { provide: SCHEMAS, useValue: catalog() },
    { provide: NATS, useValue: platform.nats },
    { provide: CLICKHOUSE, useValue: platform.clickhouse },
    ...(platform.store ? [{ provide: EVENT_STORE, useValue: platform.store }] : []),
    ...(platform.metrics ? [{ provide: METRICS, useValue: platform.metrics }] : []),
    ...(platform.providers ?? []),
  ];
  const exports = providers.map((p) => (typeof p === 'function' ? p : (p as { provide: string | symbol }).provide));
  return { module: TestPlatformModule, global: true, providers, exports };
}
