// RSS 2.0 (with atom:link rel=self, as the RSS Advisory Board recommends).
import type { Feed, FeedItem } from './feed';
import { element, escapeXml, XML_DECLARATION } from './xml';

/** RFC 822 date-time as RSS wants it, e.g. `Thu, 05 Jun 2025 10:00:00 GMT`. */
export const rfc822 = (epochMs: number): string => new Date(epochMs).toUTCString();

function itemXml(item: FeedItem): string {
  return [
    '<item>',
    element('title', item.title),
    ...(item.link ? [element('link', item.link)] : []),
    element('description', item.description),
    element('guid', item.id, ' isPermaLink="false"'),
    element('pubDate', rfc822(item.published)),
    ...(item.categories ?? []).map((c) => element('category', c)),
    '</item>',
  ].join('\n');
}

export function renderRss(feed: Feed): string {
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.link),
    element('description', feed.description),
    `<atom:link href="${escapeXml(feed.selfLink)}" rel="self" type="application/rss+xml"/>`,
    element('lastBuildDate', rfc822(feed.updated)),
    element('generator', feed.author),
    ...feed.items.map(itemXml),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
