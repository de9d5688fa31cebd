// JSON or CSV of one results answer: the format asked (?format=, else Accept: text/csv) decides.
import { renderCsv, type CsvValue } from '@vigil/feeds';
import type { ResultFigures } from './results-periods';
import type { ResultsFormat } from './results-query.dto';

export const FIGURE_COLUMNS = ['timestamp', 'availability', 'reliability', 'unknown', 'uptime', 'downtime', 'final'] as const;

/** The minimal response surface the controller sets headers on (Express or any adapter). */
export interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/** One CSV table: a header row, then one line per item per period. */
export interface CsvTable {
  header: readonly string[];
  rows: CsvValue[][];
}

export const figureCells = (f: ResultFigures): CsvValue[] => FIGURE_COLUMNS.map((c) => f[c]);

export function formatOf(asked: ResultsFormat | undefined, accept: string | string[] | undefined): ResultsFormat {
  if (asked) return asked;
  const accepted = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return /(^|,)\s*text\/csv\b/i.test(accepted) ? 'csv' : 'json';
}

/** The body to send: the JSON object, or the CSV text with its content type; the next cursor also as X-Next-Cursor. */
export function output<T>(format: ResultsFormat, res: HeaderTarget, json: T, csv: () => CsvTable, nextCursor?: string | null): T | string {
  if (nextCursor) res.setHeader('X-Next-Cursor', nextCursor);
  if (format === 'json') return json;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
  const table = csv();
  return renderCsv(table.header, table.rows);
}
