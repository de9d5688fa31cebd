import { RuleViolation, type DowntimeData, type DowntimeEvent, type TopologyView } from '@vigil/domain';
import type { GocdbDowntime } from './gocdb.records';
import { distinctServices, resolveService } from './service-refs';
import { sameData, type Change } from './sync-support';
import { tracked, type TenantState } from './tenant-state';

/**
 * A downtime is GOCDB's fact: declared (or updated) with GOCDB's classification and dates, past ones
 * included. Only its shape is checked: known services on one site, endpoints of those services.
 */
export function syncDowntime(downtime: GocdbDowntime, current: TenantState): Change[] {
  const data = downtimeData(downtime, current.view);
  const { state } = tracked(current.streams, 'downtime', downtime.primaryKey);
  const events: DowntimeEvent[] = [];
  if (state.status === 'none') events.push({ type: 'DowntimeDeclared', data });
  else if (state.status === 'cancelled') throw new RuleViolation('DOWNTIME_CANCELLED', 'the downtime was cancelled in Vigil; the import does not declare it again');
  else if (!sameData(state.downtime, data)) events.push({ type: 'DowntimeUpdated', data });
  return events.length > 0 ? [{ kind: 'downtime', key: downtime.primaryKey, events }] : [];
}

function downtimeData(d: GocdbDowntime, view: TopologyView): DowntimeData {
  if (!(d.start < d.end)) throw new RuleViolation('START_NOT_BEFORE_END', 'a downtime must start before it ends', 'end');
  const services = distinctServices(d.services.map((ref) => resolveService(view, ref)));
  const sites = [...new Set(services.map((id) => view.services.get(id)!.site))];
  if (sites.length > 1) throw new RuleViolation('SERVICES_ON_SEVERAL_SITES', `a downtime affects services of one site, not ${sites.join(', ')}`, 'services');
  const endpoints = [...new Set(d.endpoints)];
  for (const id of endpoints) {
    const endpoint = view.endpoints.get(id);
    if (!endpoint) throw new RuleViolation('UNKNOWN_ENDPOINT', `no endpoint with id ${id}`, 'endpoints');
    if (!services.includes(endpoint.service)) {
      throw new RuleViolation('ENDPOINT_NOT_IN_AFFECTED_SERVICES', `endpoint ${id} belongs to service ${endpoint.service}, which the downtime does not affect`, 'endpoints');
    }
  }
  const { severity, classification, description } = d;
  return { id: d.primaryKey, site: sites[0], services, endpoints, severity, classification, start: d.start * 1000, end: d.end * 1000, description };
}
