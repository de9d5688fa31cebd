// Downtime events: each type name is its Avro record name (schemas/downtime/*.avsc) and each
// `data` holds exactly that record's fields. Keep both in step.

/** OUTAGE: the resource is unavailable. WARNING: at risk, failures still count. (vigil.downtime.Severity) */
export type DowntimeSeverity = 'OUTAGE' | 'WARNING';

/** SCHEDULED when declared more than 24 h ahead of its start. (vigil.downtime.Classification) */
export type DowntimeClassification = 'SCHEDULED' | 'UNSCHEDULED';

export interface DowntimeData {
  id: string;
  /** Short name of the site hosting every affected service. */
  site: string;
  /** Ids of the affected services (at least one). */
  services: string[];
  /** Ids of affected endpoints, each belonging to an affected service. */
  endpoints: string[];
  severity: DowntimeSeverity;
  classification: DowntimeClassification;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  description: string;
}

export type DowntimeEvent =
  | { type: 'DowntimeDeclared'; data: DowntimeData }
  /** Carries every field after the edit, classification recomputed. */
  | { type: 'DowntimeUpdated'; data: DowntimeData }
  | { type: 'DowntimeCancelled'; data: { id: string } }
  | { type: 'DowntimeEndedEarly'; data: { id: string; end: number } };

export const downtimeStreamId = (id: string): string => `downtime-${id}`;
