const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const daysIn = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];

/** The number written by `length` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * ms since epoch of an ISO-8601 date-time with a zone (`2024-03-07T10:00:00Z`, `.250Z`, `+02:00`,
 * `+0200`), or NaN. Stricter than Date.parse, which takes 2024-02-30 for 1 March and a zoneless time
 * as local time; hand-written because it runs for every ingested record.
 */
export function parseIsoTimestamp(text: string): number {
  if (text.length < 20 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  let at = 19;
  let millis = 0;
  if (text[at] === '.') {
    const start = ++at;
    while (at < text.length && at - start < 9 && digits(text, at, 1) >= 0) at++;
    if (at === start) return NaN;
    millis = digits(text.slice(start, Math.min(at, start + 3)).padEnd(3, '0'), 0, 3);
  }
  const offset = zoneOffset(text, at);
  if (Number.isNaN(offset)) return NaN;
  return utc(year, month - 1, day, hour, minute, second, millis) - offset;
}

/** ms east of UTC of the zone designator that ends the text at `at`, or NaN. */
function zoneOffset(text: string, at: number): number {
  const rest = text.length - at;
  if (rest === 1 && text[at] === 'Z') return 0;
  const sign = text[at] === '+' ? 1 : text[at] === '-' ? -1 : 0;
  if (sign === 0 || (rest !== 6 && rest !== 5) || (rest === 6 && text[at + 3] !== ':')) return NaN;
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + rest - 2, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return sign * (hours * 60 + minutes) * 60_000;
}

// Date.UTC reads years 0-99 as 1900-1999.
function utc(year: number, ...rest: [number, number, number, number, number, number]): number {
  if (year >= 100) return Date.UTC(year, ...rest);
  const d = new Date(Date.UTC(2000, ...rest));
  d.setUTCFullYear(year);
  return d.getTime();
}
