import { RuleViolation } from '../shared/rule-violation';
import { distinct } from '../shared/validation';
import { HOUR, SECOND } from '../shared/time';
import type { TopologyView } from '../topology/topology-view';
import type { DowntimeClassification, DowntimeData } from './downtime.events';

/** Declared further ahead than this, a downtime is SCHEDULED (and frozen once this close to its start). */
export const SCHEDULED_NOTICE = 24 * HOUR;
/** How far in the past a downtime may start: it records an outage that already began. */
export const MAX_START_IN_PAST = 48 * HOUR;
/** "End now" leaves a minute so monitoring sees the end arrive. */
export const END_NOW_DELAY = 60 * SECOND;

export const classifyDowntime = (start: number, now: number): DowntimeClassification =>
  start > now + SCHEDULED_NOTICE ? 'SCHEDULED' : 'UNSCHEDULED';

export const hasFinished = (d: Pick<DowntimeData, 'end'>, now: number): boolean => d.end <= now;
export const hasStarted = (d: Pick<DowntimeData, 'start'>, now: number): boolean => d.start <= now;

/** A SCHEDULED downtime this close to (or past) its start is a promise to users: no edit, no delete. */
export const isDowntimeFrozen = (d: Pick<DowntimeData, 'classification' | 'start'>, now: number): boolean =>
  d.classification === 'SCHEDULED' && d.start <= now + SCHEDULED_NOTICE;

export function checkDowntimeDates(start: number, end: number, now: number, startChanged: boolean): void {
  if (!(start < end)) throw new RuleViolation('START_NOT_BEFORE_END', 'a downtime must start before it ends', 'end');
  if (startChanged && start < now - MAX_START_IN_PAST) {
    throw new RuleViolation('START_TOO_FAR_IN_PAST', 'a downtime may start at most 48 h in the past', 'start');
  }
}

/** Checks what a downtime affects against the topology; returns the site hosting it all. */
export function checkDowntimeScope(view: TopologyView, services: readonly string[], endpoints: readonly string[]): string {
  if (services.length === 0) throw new RuleViolation('DOWNTIME_WITHOUT_SERVICES', 'a downtime affects at least one service', 'services');
  const sites = distinct(
    services.map((id) => {
      const service = view.services.get(id);
      if (!service) throw new RuleViolation('UNKNOWN_SERVICE', `no service with id ${id}`, 'services');
      return service.site;
    }),
  );
  if (sites.length > 1) {
    throw new RuleViolation('SERVICES_ON_SEVERAL_SITES', `a downtime affects services of one site, not ${sites.join(', ')}`, 'services');
  }
  for (const id of endpoints) {
    const endpoint = view.endpoints.get(id);
    if (!endpoint) throw new RuleViolation('UNKNOWN_ENDPOINT', `no endpoint with id ${id}`, 'endpoints');
    if (!services.includes(endpoint.service)) {
      throw new RuleViolation('ENDPOINT_NOT_IN_AFFECTED_SERVICES', `endpoint ${id} belongs to service ${endpoint.service}, which the downtime does not affect`, 'endpoints');
    }
  }
  return sites[0];
}
