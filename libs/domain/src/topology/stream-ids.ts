// Per-entity stream ids of the topology: one stream per NGI, site, service and service group.
export const ngiStreamId = (name: string): string => `ngi-${name}`;
export const siteStreamId = (shortName: string): string => `site-${shortName}`;
export const serviceStreamId = (id: string): string => `service-${id}`;
export const serviceGroupStreamId = (name: string): string => `service-group-${name}`;
