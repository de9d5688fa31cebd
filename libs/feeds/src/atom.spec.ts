import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderAtom } from './atom';
import { HOSTILE_IN_XML, sampleFeed } from './feed.fixtures';

describe('Atom rendering', () => {
  it('renders Atom 1.0 a real parser reads back exactly, hostile text included', async () => {
    const xml = renderAtom(sampleFeed());
    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('Downtimes & more');
    expect(feed.link).toBe('https://vigil.example.org/api/v1/downtimes');
    expect(feed.feedUrl).toBe('https://vigil.example.org/api/v1/downtimes.rss?site=A&ngi=B');
    const [first, second] = feed.items;
    expect(first.id).toBe('urn:vigil:t1:downtime:DT1');
    expect(first.title).toBe('SITE-A: OUTAGE <now>');
    expect(first.summary).toBe(HOSTILE_IN_XML);
    expect(first.link).toBe('https://vigil.example.org/api/v1/downtimes/DT1');
    expect(first.pubDate).toBe('2025-06-01T08:00:00.000Z');
    expect(second.id).toBe('urn:vigil:t1:downtime:DT2');
    expect(xml).toContain('<updated>2025-06-02T09:00:00.000Z</updated>');
    expect(xml).toContain('<category term="SCHEDULED"/>');
  });
});
