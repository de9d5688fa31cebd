import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@vigil/event-store';
import { EVENT_STORE } from '@vigil/platform';
import type { Subscription } from 'rxjs';
import type { EntityIndex, EntityIndexDefinition } from './entity-index';
import { REGISTRY_HEAD, type RegistryHead } from './registry-head';
import { TenantRegistry, type AnyIndexDefinition } from './tenant-registry';

/** The entity families the registry indexes (provided by the registry module). */
export const REGISTRY_INDEXES = Symbol('RegistryIndexes');

/** A replay of a large tenant may take a while; a live write shows up within milliseconds. */
const REPLAY_TIMEOUT_MS = 120_000;

/**
 * Per-tenant registries, opened on a tenant's first request and kept current by a live
 * subscription to the tenant's registry events.
 *
 * Residual race: the view knows this process's writes (writes are serialized per tenant and each
 * waits for its own events), but another process's write shows up only once its events arrive. Two
 * processes registering the same hostname + serviceType (or site name) at the same instant write to
 * different streams and can both succeed; one process per tenant writing avoids it.
 */
@Injectable()
export class RegistryViews implements OnApplicationShutdown {
  private readonly log = new Logger('RegistryViews');
  private readonly tenants = new Map<string, Promise<TenantRegistry>>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly types: string[];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REGISTRY_HEAD) private readonly head: RegistryHead,
    @Inject(REGISTRY_INDEXES) private readonly definitions: readonly AnyIndexDefinition[],
  ) {
    this.types = definitions.flatMap((d) => d.types);
  }

  /** The tenant's registry, caught up with every registry event stored before this call. */
  of(tenant: string): Promise<TenantRegistry> {
    let registry = this.tenants.get(tenant);
    if (!registry) {
      registry = this.open(tenant);
      this.tenants.set(tenant, registry);
      registry.catch(() => this.tenants.delete(tenant));
    }
    return registry;
  }

  /** One entity family's index of the tenant, for GETs. */
  async index<R, V>(tenant: string, definition: EntityIndexDefinition<R, V>): Promise<EntityIndex<R, V>> {
    return (await this.of(tenant)).index(definition);
  }

  onApplicationShutdown(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions.clear();
    this.tenants.clear();
  }

  private async open(tenant: string): Promise<TenantRegistry> {
    const registry = new TenantRegistry(this.definitions);
    const subscription = this.store.subscribeAll({ tenant, types: this.types }).subscribe({
      next: (event) => registry.apply(event),
      error: (err: unknown) => {
        this.log.error(`registry subscription of tenant ${tenant} failed: ${err instanceof Error ? err.message : err}`);
        registry.fail(err instanceof Error ? err : new Error(String(err)));
        this.subscriptions.delete(subscription);
        this.tenants.delete(tenant);
      },
    });
    this.subscriptions.add(subscription);
    try {
      const head = await this.head(tenant, this.definitions.map((d) => d.category));
      await registry.until(head, REPLAY_TIMEOUT_MS, `the registry of tenant ${tenant} is still loading; retry shortly`);
      return registry;
    } catch (err) {
      subscription.unsubscribe();
      this.subscriptions.delete(subscription);
      throw err;
    }
  }
}
