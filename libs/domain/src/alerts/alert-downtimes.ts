import type { DowntimeData } from '../downtimes/downtime.events';
import type { StatusLevel } from '../status/status.types';

export interface AlertServiceEntry {
  hostname: string;
  serviceType: string;
  site: string;
}

/** The item keys a downtime can cover. */
export interface AlertItemKeys {
  level: StatusLevel;
  endpointGroup: string;
  service: string;
  hostname: string;
}

/**
 * OUTAGE downtimes (scheduled or not) mapped onto monitoring items: an endpoint (and its metrics) is
 * down when its service is; a service type of a site, or a whole site, when all its services are.
 */
export class AlertDowntimes {
  private readonly services = new Map<string, AlertServiceEntry>();
  private readonly downtimes = new Map<string, Pick<DowntimeData, 'services' | 'severity' | 'start' | 'end'>>();

  setService(id: string, entry: AlertServiceEntry): void {
    this.services.set(id, entry);
  }

  removeService(id: string): void {
    this.services.delete(id);
  }

  setDowntime(d: Pick<DowntimeData, 'id' | 'services' | 'severity' | 'start' | 'end'>): void {
    this.downtimes.set(d.id, { services: [...d.services], severity: d.severity, start: d.start, end: d.end });
  }

  endEarly(id: string, end: number): void {
    const d = this.downtimes.get(id);
    if (d) this.downtimes.set(id, { ...d, end });
  }

  cancel(id: string): void {
    this.downtimes.delete(id);
  }

  /** Whether an OUTAGE downtime covers the item at `at`. */
  covers(item: AlertItemKeys, at: number): boolean {
    const down = this.servicesDown(at);
    const ids = this.servicesOf(item);
    if (item.level === 'metric' || item.level === 'endpoint') return ids.some((id) => down.has(id));
    if (item.level === 'service' || item.level === 'group') return ids.length > 0 && ids.every((id) => down.has(id));
    return false;
  }

  private servicesOf(item: AlertItemKeys): string[] {
    const out: string[] = [];
    const host = item.hostname.toLowerCase();
    for (const [id, s] of this.services) {
      if (item.level === 'group' ? s.site !== item.endpointGroup : s.serviceType !== item.service) continue;
      if (item.level === 'service' && s.site !== item.endpointGroup) continue;
      if ((item.level === 'metric' || item.level === 'endpoint') && s.hostname.toLowerCase() !== host) continue;
      out.push(id);
    }
    return out;
  }

  private servicesDown(at: number): Set<string> {
    const down = new Set<string>();
    for (const d of this.downtimes.values()) if (d.severity === 'OUTAGE' && d.start <= at && at < d.end) for (const id of d.services) down.add(id);
    return down;
  }
}
