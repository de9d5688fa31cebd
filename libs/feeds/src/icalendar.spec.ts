import { beforeAll, describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatDateTime, renderCalendar, type CalendarEvent } from './icalendar';

const HOSTILE = 'Disk swap, RAID; path C:\\data\nline two\r\nline "three" <b>&amp; ünïcödé 🚀 — 日本語';
const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'downtime-DT1@t1.vigil',
  start: Date.UTC(2025, 5, 5, 10),
  end: Date.UTC(2025, 5, 6, 10, 30),
  summary: 'SITE-A: OUTAGE',
  description: HOSTILE,
  lastModified: Date.UTC(2025, 5, 2, 9, 15, 7),
  sequence: 2,
  ...over,
});

// ical.js is ESM only: a dynamic import from these CommonJS-compiled specs.
let ICAL: typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default;
beforeAll(async () => {
  ICAL = (await import('ical.js')).default;
});
const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('iCalendar rendering', () => {
  it('escapes backslash, semicolon, comma and every kind of newline as RFC 5545 TEXT', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
    expect(escapeText('bell\u0007 tab\t')).toBe('bell tab\t');
  });

  it('folds lines at 75 octets without splitting a multi-byte character', () => {
    const line = `DESCRIPTION:${'é'.repeat(50)}🚀${'x'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('writes UTC times to the second, widening a period given with milliseconds', () => {
    expect(formatDateTime(Date.UTC(2025, 5, 5, 10, 0, 0, 999))).toBe('20250605T100000Z');
    expect(formatDateTime(Date.UTC(2025, 5, 5, 10, 0, 0, 1), 'ceil')).toBe('20250605T100001Z');
  });

  it('renders a calendar a real parser reads back exactly, hostile text included', () => {
    const text = renderCalendar({ prodId: '-//Vigil//Downtimes//EN', name: 'Downtimes, t1; all', events: [event(), event({ uid: 'other', summary: 'SITE-B: WARNING', description: undefined })] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    // An X- property has no known type for the parser, so it keeps the TEXT escapes clients undo.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Downtimes\\, t1\\; all');
    const [first, second] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(first.uid).toBe('downtime-DT1@t1.vigil');
    expect(first.summary).toBe('SITE-A: OUTAGE');
    expect(first.description).toBe(HOSTILE.replace('\r\n', '\n'));
    expect(first.startDate.toJSDate().getTime()).toBe(Date.UTC(2025, 5, 5, 10));
    expect(first.endDate.toJSDate().getTime()).toBe(Date.UTC(2025, 5, 6, 10, 30));
    expect(first.startDate.zone?.tzid).toBe('UTC');
    expect(first.sequence).toBe(2);
    const modified = first.component.getFirstPropertyValue('last-modified') as InstanceType<typeof ICAL.Time>;
    expect(modified.toJSDate().getTime()).toBe(Date.UTC(2025, 5, 2, 9, 15, 7));
    expect(second.uid).toBe('other');
    expect(second.description).toBeNull();
  });

  it('renders an empty calendar that still parses', () => {
    const calendar = parse(renderCalendar({ prodId: '-//Vigil//Downtimes//EN', events: [] }));
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });
});
