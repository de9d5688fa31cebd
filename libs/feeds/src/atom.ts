// Atom 1.0 (RFC 4287): text constructs of type "text", times in RFC 3339 UTC.
import type { Feed, FeedItem } from './feed';
import { element, escapeXml, XML_DECLARATION } from './xml';

const rfc3339 = (epochMs: number): string => new Date(epochMs).toISOString();
const link = (rel: string, href: string, type?: string) => `<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${type}"` : ''}/>`;

function entryXml(item: FeedItem): string {
  return [
    '<entry>',
    element('id', item.id),
    element('title', item.title, ' type="text"'),
    element('updated', rfc3339(item.updated)),
    element('published', rfc3339(item.published)),
    ...(item.link ? [link('alternate', item.link)] : []),
    element('summary', item.description, ' type="text"'),
    ...(item.categories ?? []).map((c) => `<category term="${escapeXml(c)}"/>`),
    '</entry>',
  ].join('\n');
}

export function renderAtom(feed: Feed): string {
  return [
    XML_DECLARATION,
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('id', feed.id),
    element('title', feed.title, ' type="text"'),
    element('subtitle', feed.description, ' type="text"'),
    element('updated', rfc3339(feed.updated)),
    link('self', feed.selfLink, 'application/atom+xml'),
    link('alternate', feed.link),
    `<author>${element('name', feed.author)}</author>`,
    element('generator', feed.author),
    ...feed.items.map(entryXml),
    '</feed>',
    '',
  ].join('\n');
}
