import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { VigilConfig } from '@vigil/config';
import { positionOf } from '@vigil/events';
import { EVENTS_STREAM, subjectFilter } from '@vigil/event-store';
import { CONFIG, NATS } from '@vigil/platform';
import type { FactoryProvider } from '@nestjs/common';

/** Where a tenant's registry events end in the log (-1: none): a view that has applied it has caught up. */
export type RegistryHead = (tenant: string, categories: readonly string[]) => Promise<number>;

export const REGISTRY_HEAD = Symbol('RegistryHead');

/**
 * The position of the tenant's newest registry commit in JetStream. One lookup per category, since
 * a tenant's newest message overall may be a probe result the view never sees.
 */
export const jetStreamRegistryHead =
  (nc: NatsConnection): RegistryHead =>
  async (tenant, categories) => {
    const jsm = await jetstreamManager(nc);
    const last = await Promise.all(
      categories.map((category) => jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subjectFilter(tenant, category) }).then((m) => m?.seq ?? 0)),
    );
    const seq = Math.max(0, ...last);
    return seq === 0 ? -1 : positionOf(seq, 0);
  };

/** Only JetStream tells where the log ends; with KurrentDB a tenant's first write may meet a view still replaying. */
export const registryHeadProvider: FactoryProvider<RegistryHead> = {
  provide: REGISTRY_HEAD,
  inject: [CONFIG, NATS],
  useFactory: (config: VigilConfig, nc: NatsConnection): RegistryHead => (config.eventStore === 'jetstream' ? jetStreamRegistryHead(nc) : async () => -1),
};
