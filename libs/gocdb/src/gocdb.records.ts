import type { CertificationStatus, DowntimeClassification, DowntimeSeverity, ProductionInfrastructure, SiteContact } from '@vigil/domain';

// GOCDB's facts as read from the PI, in Vigil's registry vocabulary. Keys stay GOCDB's primary keys.

export interface GocdbSite {
  primaryKey: string;
  shortName: string;
  officialName: string;
  /** The site's ROC: the NGI it belongs to. */
  ngi: string;
  country: string;
  timezone: string;
  domain: string;
  certificationStatus: CertificationStatus;
  productionInfrastructure: ProductionInfrastructure;
  scopes: string[];
  contacts: SiteContact[];
}

export interface GocdbEndpoint {
  id: string;
  name: string;
  url: string;
  interfaceName: string;
  monitored: boolean;
}

export interface GocdbService {
  primaryKey: string;
  hostname: string;
  serviceType: string;
  site: string;
  production: boolean;
  monitored: boolean;
  beta: boolean;
  notify: boolean;
  url: string | null;
  scopes: string[];
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
