const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const daysIn = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];

/**
 * ms since epoch of an ISO-8601 date-time with a zone (`2024-03-07T10:00:00Z`, `...+02:00`), or NaN.
 * Stricter than Date.parse, which takes 2024-02-30 for 1 March and a zoneless time as local time.
 */
export function parseIsoTimestamp(text: string): number {
  const m = ISO.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = 0;
  if (!m[8]) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return NaN;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return utc(year, month - 1, day, hour, minute, second, millis) - offset;
}

// Date.UTC reads years 0-99 as 1900-1999.
function utc(year: number, ...rest: [number, number, number, number, number, number]): number {
  if (year >= 100) return Date.UTC(year, ...rest);
  const d = new Date(Date.UTC(2000, ...rest));
  d.setUTCFullYear(year);
  return d.getTime();
}
