import type { CertificationStatus, DowntimeClassification, DowntimeSeverity, EndpointData, ServiceData, SiteData } from '@vigil/domain';

// GOCDB's facts as read from the PI, in Vigil's registry vocabulary. Keys stay GOCDB's primary keys.

/** A site as the registry records it (`ngi` is GOCDB's ROC), with its primary key and current certification. */
export interface GocdbSite extends SiteData {
  primaryKey: string;
  certificationStatus: CertificationStatus;
}

export type GocdbEndpoint = Omit<EndpointData, 'service'>;

/** A service as the registry records it, keyed by GOCDB's primary key, with its endpoints. */
export interface GocdbService extends Omit<ServiceData, 'id'> {
  primaryKey: string;
  endpoints: GocdbEndpoint[];
}

/** A service as another record names it: by primary key when given, else by type and host. */
export interface GocdbServiceRef {
  primaryKey: string | null;
  hostname: string;
  serviceType: string;
}

export interface GocdbServiceGroup {
  primaryKey: string;
  name: string;
  description: string;
  monitored: boolean;
  services: GocdbServiceRef[];
}

export interface GocdbDowntime {
  primaryKey: string;
  /** The site GOCDB says hosts the affected services. */
  hostedBy: string;
  services: GocdbServiceRef[];
  /** Ids of the affected endpoints. */
  endpoints: string[];
  severity: DowntimeSeverity;
  classification: DowntimeClassification;
  /** Unix seconds, as in the PI. */
  start: number;
  end: number;
  description: string;
}

export type RecordKind = 'file' | 'ngi' | 'site' | 'service' | 'serviceGroup' | 'downtime';

/** A record (or a whole file) left out of the import, with why. */
export interface SkippedRecord {
  kind: RecordKind;
  /** GOCDB primary key, or the file for a file that could not be read. */
  key: string;
  /** A human name when there is one: short name, hostname and service type, group name. */
  name?: string;
  code: string;
  reason: string;
}

/** What one PI document yields: the records that parsed and those that did not. */
export interface Parsed<T> {
  records: T[];
  skipped: SkippedRecord[];
}
