import type { DowntimeData } from '../downtimes/downtime.events';

type Window = Pick<DowntimeData, 'services' | 'severity' | 'start' | 'end'>;

/** OUTAGE downtimes by registry service: no alarm (and so no ticket) while one covers the service. */
export class AlarmDowntimes {
  private readonly windows = new Map<string, Window>();

  set(d: Pick<DowntimeData, 'id' | 'services' | 'severity' | 'start' | 'end'>): void {
    this.windows.set(d.id, { services: [...d.services], severity: d.severity, start: d.start, end: d.end });
  }

  endEarly(id: string, end: number): void {
    const d = this.windows.get(id);
    if (d) this.windows.set(id, { ...d, end });
  }

  cancel(id: string): void {
    this.windows.delete(id);
  }

  /** Services whose downtimes changed must be looked at again. */
  servicesOf(id: string): readonly string[] {
    return this.windows.get(id)?.services ?? [];
  }

  covers(serviceId: string, at: number): boolean {
    for (const d of this.windows.values()) if (d.severity === 'OUTAGE' && d.start <= at && at < d.end && d.services.includes(serviceId)) return true;
    return false;
  }
}
