// CSV per RFC 4180: CRLF record ends, a header row, fields quoted when they must be.

export type CsvValue = string | number | boolean | null | undefined;

/** A field, quoted (quotes doubled) when it holds a comma, quote, CR or LF, or spaces a reader might trim. */
export function csvField(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}
