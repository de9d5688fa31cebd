import type { GocdbServiceGroup, GocdbServiceRef, Parsed } from './gocdb.records';
import { asNodes, flag, parseNodes, primaryKeyOf, readPiDocument, requiredText, text, type XmlNode } from './pi-xml';

/** Service groups of a get_service_group document, members named by their SERVICE_ENDPOINT children. */
export function parseServiceGroups(xml: string, file: string): Parsed<GocdbServiceGroup> & { next: string | null } {
  const doc = readPiDocument(xml, file, 'SERVICE_GROUP');
  return { ...parseNodes(doc.nodes, 'serviceGroup', 'SERVICE_GROUP', toServiceGroup, (n) => text(n, 'NAME')), next: doc.next };
}

function toServiceGroup(node: XmlNode): GocdbServiceGroup {
  return {
    primaryKey: requiredText(node, 'PRIMARY_KEY'),
    name: requiredText(node, 'NAME'),
    description: text(node, 'DESCRIPTION'),
    monitored: flag(node, 'MONITORED', true),
    services: asNodes(node.SERVICE_ENDPOINT).map(serviceRef),
  };
}

/** A service named inside another record (a group member, a downtime's service). */
export function serviceRef(node: XmlNode): GocdbServiceRef {
  const primaryKey = primaryKeyOf(node) || null;
  if (primaryKey === null) return { primaryKey, hostname: requiredText(node, 'HOSTNAME'), serviceType: requiredText(node, 'SERVICE_TYPE') };
  return { primaryKey, hostname: text(node, 'HOSTNAME'), serviceType: text(node, 'SERVICE_TYPE') };
}
