import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_IN_XML, sampleFeed } from './feed.fixtures';
import { rfc822, renderRss } from './rss';

describe('RSS rendering', () => {
  it('writes RFC 822 dates', () => {
    expect(rfc822(Date.UTC(2025, 5, 5, 10))).toBe('Thu, 05 Jun 2025 10:00:00 GMT');
  });

  it('renders RSS 2.0 a real parser reads back exactly, hostile text included', async () => {
    const xml = renderRss(sampleFeed());
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Downtimes & more');
    expect(feed.description).toBe(HOSTILE_IN_XML);
    expect(feed.link).toBe('https://vigil.example.org/api/v1/downtimes');
    expect(feed.items).toHaveLength(2);
    const [first, second] = feed.items;
    expect(first.title).toBe('SITE-A: OUTAGE <now>');
    expect(first.content).toBe(HOSTILE_IN_XML);
    expect(first.guid).toBe('urn:vigil:t1:downtime:DT1');
    expect(first.link).toBe('https://vigil.example.org/api/v1/downtimes/DT1');
    expect(first.pubDate).toBe('Sun, 01 Jun 2025 08:00:00 GMT');
    expect(first.categories).toEqual(['OUTAGE', 'SCHEDULED']);
    expect(second.link).toBeUndefined();
    expect(xml).not.toContain('<script>');
  });

  it('renders an empty channel that still parses', async () => {
    const feed = await new Parser().parseString(renderRss(sampleFeed({ items: [] })));
    expect(feed.items).toEqual([]);
  });
});
