import type { GocdbEndpoint, GocdbService, Parsed } from './gocdb.records';
import { asNode, asNodes, flag, optionalText, parseNodes, readPiDocument, requiredText, scopes, text, type XmlNode } from './pi-xml';

/** Service endpoints of a get_service_endpoint (get_service) document. */
export function parseServices(xml: string, file: string): Parsed<GocdbService> & { next: string | null } {
  const doc = readPiDocument(xml, file, 'SERVICE_ENDPOINT');
  return { ...parseNodes(doc.nodes, 'service', 'SERVICE_ENDPOINT', toService, serviceName), next: doc.next };
}

/** How a user names a service: "hostname serviceType". */
export const serviceName = (node: XmlNode): string => [text(node, 'HOSTNAME'), text(node, 'SERVICE_TYPE')].filter(Boolean).join(' ');

function toService(node: XmlNode): GocdbService {
  return {
    primaryKey: requiredText(node, 'PRIMARY_KEY'),
    hostname: requiredText(node, 'HOSTNAME'),
    serviceType: requiredText(node, 'SERVICE_TYPE'),
    site: requiredText(node, 'SITENAME'),
    production: flag(node, 'IN_PRODUCTION'),
    monitored: flag(node, 'NODE_MONITORED'),
    beta: flag(node, 'BETA', false),
    notify: flag(node, 'NOTIFICATIONS', true),
    url: optionalText(node, 'URL'),
    scopes: scopes(node),
    endpoints: asNodes(asNode(node.ENDPOINTS).ENDPOINT).map((e) => toEndpoint(e, text(node, 'SERVICE_TYPE'))),
  };
}

function toEndpoint(node: XmlNode, serviceType: string): GocdbEndpoint {
  const id = requiredText(node, 'ID');
  return {
    id,
    name: text(node, 'NAME'),
    url: text(node, 'URL'),
    // GOCDB defaults an endpoint's interface to its service's type.
    interfaceName: text(node, 'INTERFACENAME') || serviceType,
    monitored: flag(node, 'ENDPOINT_MONITORED', true),
  };
}
