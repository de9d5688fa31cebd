import { CERTIFICATION_STATUSES, type SiteContact } from '@vigil/domain';
import type { GocdbSite, Parsed } from './gocdb.records';
import { asNode, oneOf, parseNodes, readPiDocument, requiredText, scopes, text, type XmlNode } from './pi-xml';

const INFRASTRUCTURES = ['Production', 'Test'] as const;

// get_site carries its contacts as mail fields; each becomes a contact with that role.
const CONTACT_FIELDS: readonly [field: string, role: string][] = [
  ['CONTACT_EMAIL', 'site'],
  ['CSIRT_EMAIL', 'security'],
  ['ALARM_EMAIL', 'alarm'],
];

/** Sites of a get_site document. */
export function parseSites(xml: string, file: string): Parsed<GocdbSite> & { next: string | null } {
  const doc = readPiDocument(xml, file, 'SITE');
  return { ...parseNodes(doc.nodes, 'site', 'SITE', toSite, (n) => text(n, 'SHORT_NAME')), next: doc.next };
}

function toSite(node: XmlNode): GocdbSite {
  return {
    primaryKey: requiredText(node, 'PRIMARY_KEY'),
    shortName: requiredText(node, 'SHORT_NAME'),
    officialName: text(node, 'OFFICIAL_NAME'),
    ngi: requiredText(node, 'ROC'),
    country: text(node, 'COUNTRY'),
    timezone: text(node, 'TIMEZONE'),
    domain: text(asNode(node.DOMAIN), 'DOMAIN_NAME') || text(node, 'DOMAIN'),
    certificationStatus: oneOf(node, 'CERTIFICATION_STATUS', CERTIFICATION_STATUSES),
    productionInfrastructure: oneOf(node, 'PRODUCTION_INFRASTRUCTURE', INFRASTRUCTURES),
    scopes: scopes(node),
    contacts: contacts(node),
  };
}

const contacts = (node: XmlNode): SiteContact[] =>
  CONTACT_FIELDS.filter(([field]) => text(node, field) !== '').map(([field, role]) => ({ role, email: text(node, field), name: null }));

