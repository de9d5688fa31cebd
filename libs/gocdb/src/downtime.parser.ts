import type { DowntimeClassification, DowntimeSeverity } from '@vigil/domain';
import type { GocdbDowntime, GocdbServiceRef, Parsed } from './gocdb.records';
import { asNode, asNodes, oneOf, parseNodes, readPiDocument, requiredText, text, unixSeconds, type XmlNode } from './pi-xml';
import { serviceRef } from './service-group.parser';

const SEVERITIES: readonly DowntimeSeverity[] = ['OUTAGE', 'WARNING'];
const CLASSIFICATIONS: readonly DowntimeClassification[] = ['SCHEDULED', 'UNSCHEDULED'];

/**
 * Downtimes of a get_downtime document. get_downtime repeats a downtime once per affected service
 * (same PRIMARY_KEY): the repeats merge into one downtime. The nested form
 * (get_downtime_nested_services, <SERVICES><SERVICE>…) reads the same.
 */
export function parseDowntimes(xml: string, file: string): Parsed<GocdbDowntime> & { next: string | null } {
  const doc = readPiDocument(xml, file, 'DOWNTIME');
  const parsed = parseNodes(doc.nodes, 'downtime', 'DOWNTIME', toDowntime, (n) => text(n, 'HOSTED_BY'));
  // One broken repeat spoils its downtime: never import half of what it affects.
  const broken = new Set(parsed.skipped.map((s) => s.key));
  return { records: mergeRepeats(parsed.records.filter((d) => !broken.has(d.primaryKey))), skipped: parsed.skipped, next: doc.next };
}

function toDowntime(node: XmlNode): GocdbDowntime {
  const nested = asNodes(asNode(node.SERVICES).SERVICE);
  const services: GocdbServiceRef[] = nested.length > 0 ? nested.map(serviceRef) : [flatServiceRef(node)];
  const start = unixSeconds(node, 'START_DATE');
  const end = unixSeconds(node, 'END_DATE');
  return {
    primaryKey: requiredText(node, 'PRIMARY_KEY'),
    hostedBy: text(node, 'HOSTED_BY') || text(nested[0] ?? {}, 'HOSTED_BY'),
    services,
    endpoints: [node, ...nested].flatMap(affectedEndpoints),
    severity: oneOf(node, 'SEVERITY', SEVERITIES),
    classification: oneOf(node, 'CLASSIFICATION', CLASSIFICATIONS, text(node, 'CLASSIFICATION') || String(node['@_CLASSIFICATION'] ?? '')),
    start,
    end,
    description: text(node, 'DESCRIPTION'),
  };
}

// In the flat form the element's own PRIMARY_KEY is the downtime's: the service is named by type and host.
const flatServiceRef = (node: XmlNode): GocdbServiceRef => ({
  primaryKey: null,
  hostname: requiredText(node, 'HOSTNAME'),
  serviceType: requiredText(node, 'SERVICE_TYPE'),
});

const affectedEndpoints = (node: XmlNode): string[] =>
  asNodes(asNode(node.AFFECTED_ENDPOINTS).ENDPOINT)
    .map((e) => text(e, 'ID'))
    .filter((id) => id !== '');

function mergeRepeats(downtimes: GocdbDowntime[]): GocdbDowntime[] {
  const byKey = new Map<string, GocdbDowntime>();
  for (const d of downtimes) {
    const first = byKey.get(d.primaryKey);
    if (!first) byKey.set(d.primaryKey, { ...d, services: [...d.services], endpoints: [...d.endpoints] });
    else {
      first.services.push(...d.services);
      first.endpoints.push(...d.endpoints.filter((e) => !first.endpoints.includes(e)));
    }
  }
  return [...byKey.values()];
}
