import type { TopologyView } from '@vigil/domain';
import { toEpoch } from '../shared/date-time';
import { badRequest } from '../shared/http-errors';
import type { DowntimeFilterQuery } from './downtime.dto';
import { affectedServices, declaredDowntime, type DowntimeRecord } from './downtime.index';

/**
 * The downtimes a search keeps: every given filter must hold. NGI and service type are read from
 * the topology now (a site moved to another NGI takes its downtimes along); `ongoing` is relative
 * to `now`; `from`/`to` keep downtimes overlapping that window.
 */
export function downtimeFilter(query: DowntimeFilterQuery, topology: TopologyView, now: number): (record: DowntimeRecord) => boolean {
  const { site, ngi, serviceType, service, severity, classification, ongoing } = query;
  const from = query.from === undefined ? -Infinity : toEpoch(query.from);
  const to = query.to === undefined ? Infinity : toEpoch(query.to);
  if (from >= to) throw badRequest('to', 'must be later than from');
  return (record) => {
    if (record.state.status !== 'declared') return false;
    const d = declaredDowntime(record);
    return (
      (site === undefined || d.site === site) &&
      (ngi === undefined || topology.sites.get(d.site)?.ngi === ngi) &&
      (service === undefined || d.services.includes(service)) &&
      (serviceType === undefined || affectedServices(d, topology).some((s) => s.serviceType === serviceType)) &&
      (severity === undefined || d.severity === severity) &&
      (classification === undefined || d.classification === classification) &&
      (ongoing === undefined || (d.start <= now && now < d.end) === (ongoing === 'true')) &&
      d.start < to &&
      d.end > from
    );
  };
}
