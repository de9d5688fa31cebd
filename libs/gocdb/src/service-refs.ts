import { findServiceByTypeAndHost, RuleViolation, type TopologyView } from '@vigil/domain';
import type { GocdbServiceRef } from './gocdb.records';

/** The id of the service a record names: its primary key when known, else the service of that type on that host. */
export function resolveService(view: TopologyView, ref: GocdbServiceRef): string {
  if (ref.primaryKey !== null && view.services.has(ref.primaryKey)) return ref.primaryKey;
  const byHost = ref.hostname && ref.serviceType ? findServiceByTypeAndHost(view, ref.serviceType, ref.hostname) : undefined;
  if (byHost) return byHost.id;
  const named = [ref.primaryKey, ref.hostname && `${ref.hostname} ${ref.serviceType}`].filter(Boolean).join(' / ');
  throw new RuleViolation('UNKNOWN_SERVICE', `no service ${named}`, 'services');
}

export const distinctServices = (ids: string[]): string[] => [...new Set(ids)];
