import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Parsed, RecordKind } from './gocdb.records';

export type XmlNode = Record<string, unknown>;

/** A PI document that cannot be read at all: the whole file is skipped. */
export class MalformedXmlError extends Error {
  readonly code = 'MALFORMED_XML';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'MalformedXmlError';
  }
}

/** One record breaks the PI's shape (a missing or unreadable field): that record is skipped. */
export class InvalidRecord extends Error {
  readonly code = 'INVALID_RECORD';
}

// Elements that repeat; the others are single. An ENDPOINT is a list item only inside ENDPOINTS
// (a downtime also has a plain <ENDPOINT> text child).
const LIST_TAGS = new Set(['SITE', 'SERVICE_ENDPOINT', 'SERVICE_GROUP', 'DOWNTIME', 'SERVICE', 'SCOPE', 'link']);
const isList = (tag: string, path: string): boolean =>
  LIST_TAGS.has(tag) || (tag === 'ENDPOINT' && /(^|\.)(ENDPOINTS|AFFECTED_ENDPOINTS)\.ENDPOINT$/.test(path));

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keys like 0123 and hostnames stay text: GOCDB's values are strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (tag, path) => isList(tag, String(path)),
});

export interface PiDocument {
  nodes: XmlNode[];
  /** The next page's URL when the PI paginates (`<meta><link rel="next" href=…/>`). */
  next: string | null;
}

/** The record elements (e.g. SITE) of a PI `<results>` document. */
export function readPiDocument(xml: string, file: string, tag: string): PiDocument {
  if (xml.trim() === '') throw new MalformedXmlError(file, 'the document is empty');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedXmlError(file, `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const doc = parser.parse(xml) as XmlNode;
  const root = Object.keys(doc).find((k) => !k.startsWith('?'));
  if (root !== 'results') throw new MalformedXmlError(file, `expected a GOCDB PI <results> document, found <${root ?? 'nothing'}>`);
  const results = asNode(doc.results);
  return { nodes: asNodes(results[tag]), next: nextPage(results) };
}

function nextPage(results: XmlNode): string | null {
  const links = asNodes(asNode(results.meta).link);
  const next = links.find((l) => l['@_rel'] === 'next');
  return typeof next?.['@_href'] === 'string' && next['@_href'] !== '' ? next['@_href'] : null;
}

/** Maps each record element, skipping (with its primary key) those that do not fit the PI shape. */
export function parseNodes<T>(nodes: XmlNode[], kind: RecordKind, tag: string, map: (node: XmlNode) => T, nameOf: (node: XmlNode) => string): Parsed<T> {
  const parsed: Parsed<T> = { records: [], skipped: [] };
  nodes.forEach((node, index) => {
    try {
      parsed.records.push(map(node));
    } catch (error) {
      if (!(error instanceof InvalidRecord)) throw error;
      const name = nameOf(node);
      parsed.skipped.push({ kind, key: primaryKeyOf(node) || `${tag}#${index + 1}`, ...(name ? { name } : {}), code: error.code, reason: error.message });
    }
  });
  return parsed;
}

export const asNode = (value: unknown): XmlNode => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {});
export const asNodes = (value: unknown): XmlNode[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(asNode);

/** An element's text: '' when absent or empty. */
export function text(node: XmlNode, field: string): string {
  const value = Array.isArray(node[field]) ? (node[field] as unknown[])[0] : node[field];
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return String((value as XmlNode)['#text'] ?? '');
  return value === undefined || value === null ? '' : String(value);
}

export function requiredText(node: XmlNode, field: string): string {
  const value = text(node, field);
  if (value === '') throw new InvalidRecord(`${field} is required`);
  return value;
}

export const optionalText = (node: XmlNode, field: string): string | null => text(node, field) || null;

/** The record's primary key: the PRIMARY_KEY element, else the attribute. */
export const primaryKeyOf = (node: XmlNode): string => text(node, 'PRIMARY_KEY') || String(node['@_PRIMARY_KEY'] ?? '');

/** GOCDB's Y/N flags; `fallback` when the element is absent. */
export function flag(node: XmlNode, field: string, fallback?: boolean): boolean {
  const value = text(node, field).toUpperCase();
  if (value === 'Y' || value === 'TRUE') return true;
  if (value === 'N' || value === 'FALSE') return false;
  if (value === '' && fallback !== undefined) return fallback;
  throw new InvalidRecord(value === '' ? `${field} is required` : `${field} must be Y or N, not '${text(node, field)}'`);
}

/** One of the allowed values, exactly as GOCDB spells them. */
export function oneOf<T extends string>(node: XmlNode, field: string, allowed: readonly T[], value = text(node, field)): T {
  if (value === '') throw new InvalidRecord(`${field} is required`);
  if (!allowed.includes(value as T)) throw new InvalidRecord(`${field} must be one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}

/** Unix seconds. */
export function unixSeconds(node: XmlNode, field: string): number {
  const value = requiredText(node, field);
  if (!/^\d+$/.test(value)) throw new InvalidRecord(`${field} must be Unix seconds, not '${value}'`);
  return Number(value);
}

/** The texts of repeated items: `<SCOPES><SCOPE>EGI</SCOPE>…</SCOPES>` → ['EGI', …]. */
export function texts(node: XmlNode, container: string, item: string): string[] {
  const value = asNode(node[container])[item];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.map((v) => (typeof v === 'string' ? v : String(asNode(v)['#text'] ?? ''))).filter((v) => v !== '');
}

export const scopes = (node: XmlNode): string[] => texts(node, 'SCOPES', 'SCOPE');
