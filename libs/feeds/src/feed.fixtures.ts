// Test data of the RSS and Atom specs.
import type { Feed } from './feed';

export const HOSTILE = 'Tom & Jerry <script>alert("x")</script> ]]> it\'s, ünïcödé 🚀\nnext line\r\nCRLF\u0001\uFFFF';
/** What a hostile text becomes in XML: the characters XML 1.0 cannot carry are gone. */
export const HOSTILE_IN_XML = HOSTILE.replace('\u0001', '').replace('\uFFFF', '');

export const sampleFeed = (over: Partial<Feed> = {}): Feed => ({
  id: 'urn:vigil:t1:downtimes',
  title: 'Downtimes & more',
  description: HOSTILE,
  selfLink: 'https://vigil.example.org/api/v1/downtimes.rss?site=A&ngi=B',
  link: 'https://vigil.example.org/api/v1/downtimes',
  updated: Date.UTC(2025, 5, 2, 9),
  author: 'Vigil',
  items: [
    {
      id: 'urn:vigil:t1:downtime:DT1',
      title: 'SITE-A: OUTAGE <now>',
      description: HOSTILE,
      link: 'https://vigil.example.org/api/v1/downtimes/DT1',
      published: Date.UTC(2025, 5, 1, 8),
      updated: Date.UTC(2025, 5, 2, 9),
      categories: ['OUTAGE', 'SCHEDULED'],
    },
    { id: 'urn:vigil:t1:downtime:DT2', title: 'SITE-B: WARNING', description: 'plain', published: Date.UTC(2025, 5, 1, 9), updated: Date.UTC(2025, 5, 1, 9) },
  ],
  ...over,
});
