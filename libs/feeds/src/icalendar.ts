// iCalendar (RFC 5545) for read-only subscriptions: VCALENDAR of VEVENTs in UTC.

export interface CalendarEvent {
  /** Globally unique and stable across renders: calendar clients update events by it. */
  uid: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  summary: string;
  description?: string;
  location?: string;
  categories?: readonly string[];
  /** Epoch milliseconds of the last change (also the DTSTAMP: the output depends on the data only). */
  lastModified: number;
  created?: number;
  /** Revision number: clients replace an event by a higher SEQUENCE. */
  sequence?: number;
  url?: string;
}

export interface Calendar {
  /** PRODID, e.g. `-//Vigil//Downtimes//EN`. */
  prodId: string;
  /** X-WR-CALNAME: the name clients show for the subscription. */
  name?: string;
  events: readonly CalendarEvent[];
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
// CONTROL of RFC 5545 (HTAB allowed; newlines are escaped before this applies).
const CONTROL = /[\x00-\x08\x0A-\x1F\x7F]/g;

/** A TEXT value: backslash, semicolon, comma and newlines escaped; other control characters dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL, '');
}

/** Folds a content line into lines of at most 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const octets = Buffer.byteLength(char, 'utf8');
    if (size + octets > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = MAX_LINE_OCTETS - 1; // the continuation's leading space counts
    }
    current += char;
    size += octets;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** UTC DATE-TIME, e.g. 20250605T100000Z; `round` picks the second of a time with milliseconds. */
export function formatDateTime(epochMs: number, round: 'floor' | 'ceil' = 'floor'): string {
  const seconds = round === 'floor' ? Math.floor(epochMs / 1000) : Math.ceil(epochMs / 1000);
  return new Date(seconds * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function eventLines(e: CalendarEvent): string[] {
  const optional = (name: string, value: string | undefined) => (value === undefined ? [] : [`${name}:${value}`]);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${formatDateTime(e.lastModified)}`,
    // Seconds only: widen rather than shorten a period given with milliseconds.
    `DTSTART:${formatDateTime(e.start, 'floor')}`,
    `DTEND:${formatDateTime(e.end, 'ceil')}`,
    `SUMMARY:${escapeText(e.summary)}`,
    ...optional('DESCRIPTION', e.description === undefined ? undefined : escapeText(e.description)),
    ...optional('LOCATION', e.location === undefined ? undefined : escapeText(e.location)),
    ...optional('CATEGORIES', e.categories?.length ? e.categories.map(escapeText).join(',') : undefined),
    ...optional('URL', e.url),
    ...optional('CREATED', e.created === undefined ? undefined : formatDateTime(e.created)),
    `LAST-MODIFIED:${formatDateTime(e.lastModified)}`,
    ...optional('SEQUENCE', e.sequence === undefined ? undefined : String(e.sequence)),
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** The calendar as text/calendar content: CRLF line ends, folded lines. */
export function renderCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(calendar.prodId)}`,
    'CALSCALE:GREGORIAN',
    ...(calendar.name === undefined ? [] : [`X-WR-CALNAME:${escapeText(calendar.name)}`]),
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
