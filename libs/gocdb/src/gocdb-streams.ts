import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeToken, EVENTS_STREAM, subjectFilter, type StreamRef } from '@vigil/event-store';

export type StreamKind = 'ngi' | 'site' | 'service' | 'serviceGroup' | 'downtime';

// The KurrentDB adapter refuses dashes in categories: service groups live under 'servicegroup'.
const CATEGORIES: Record<StreamKind, string> = { ngi: 'ngi', site: 'site', service: 'service', serviceGroup: 'servicegroup', downtime: 'downtime' };

/**
 * The one mapping from an entity to its stream: the category plus the entity's key (NGI name, site
 * short name, service primary key, group name, downtime primary key), so that streamName() reads
 * as the domain's stream ids (`site-CERN-PROD`, `service-1G0`).
 */
export const streamOf = (tenant: string, kind: StreamKind, key: string): StreamRef => ({ tenant, category: CATEGORIES[kind], id: key });

/** Lists the stream ids of one kind of a tenant: the event store port cannot enumerate streams. */
export interface StreamLister {
  list(tenant: string, kind: StreamKind): Promise<string[]>;
}

/** Lists streams from the subjects of the JetStream events stream (one subject per Vigil stream). */
export function jetStreamLister(nc: NatsConnection, stream = EVENTS_STREAM): StreamLister {
  return {
    async list(tenant, kind) {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(stream, { subjects_filter: subjectFilter(tenant, CATEGORIES[kind]) });
      return Object.keys(info.state.subjects ?? {}).map((subject) => decodeToken(subject.slice(subject.lastIndexOf('.') + 1)));
    },
  };
}
