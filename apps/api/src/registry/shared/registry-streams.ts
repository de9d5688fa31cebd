import { downtimeStreamId, ngiStreamId, serviceGroupStreamId, serviceStreamId, siteStreamId, ticketStreamId } from '@vigil/domain';
import type { StreamRef } from '@vigil/event-store';

/**
 * The one mapping from the domain's stream ids to the store's streams. The domain names a stream
 * `<kind>-<key>` (e.g. `site-CERN-PROD`); the store keeps the kind as the category and the key as
 * the id, so the subject reads `vigil.events.<tenant>.site.CERN-PROD`.
 */
const STREAMS = {
  ngi: { category: 'ngi', streamId: ngiStreamId },
  site: { category: 'site', streamId: siteStreamId },
  service: { category: 'service', streamId: serviceStreamId },
  // No dash: the KurrentDB adapter rejects dashes in categories.
  serviceGroup: { category: 'servicegroup', streamId: serviceGroupStreamId },
  downtime: { category: 'downtime', streamId: downtimeStreamId },
  ticket: { category: 'ticket', streamId: ticketStreamId },
} as const;

export type RegistryEntity = keyof typeof STREAMS;
export type RegistryCategory = (typeof STREAMS)[RegistryEntity]['category'];

export const REGISTRY_CATEGORIES: readonly RegistryCategory[] = Object.values(STREAMS).map((s) => s.category);

export const categoryOf = (entity: RegistryEntity): RegistryCategory => STREAMS[entity].category;

export function registryStream(tenant: string, entity: RegistryEntity, key: string): StreamRef {
  const { category, streamId } = STREAMS[entity];
  const prefix = streamId('');
  const id = streamId(key);
  if (!id.startsWith(prefix)) throw new Error(`stream id ${id} does not start with ${prefix}`);
  return { tenant, category, id: id.slice(prefix.length) };
}
