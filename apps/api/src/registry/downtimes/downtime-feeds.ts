// Downtimes as subscribers read them: iCalendar, RSS, Atom, CSV. Everything comes from the
// presented downtimes (the JSON export), so every format says the same thing.
import { renderAtom, renderCalendar, renderCsv, renderRss, type Feed, type FeedItem } from '@vigil/feeds';
import type { Presented } from '../shared/entity-index';
import type { DowntimeView } from './downtime.index';

export type DowntimeRow = Presented<DowntimeView>;

/** Where and for whom a feed is rendered. */
export interface FeedContext {
  tenant: string;
  /** e.g. `https://vigil.example.org` */
  baseUrl: string;
  /** The feed's own URL, without any API key. */
  selfUrl: string;
  /** The filters applied, e.g. `site=SITE-A`, for titles. */
  filters: string[];
  /** When nothing matches, the feed is as new as this (epoch ms). */
  now: number;
}

/** The CSV columns: the JSON export's fields; lists are space-separated (names hold no spaces). */
export const DOWNTIME_CSV_COLUMNS = [
  'id', 'site', 'ngi', 'services', 'endpoints', 'serviceTypes', 'hostnames', 'severity', 'classification',
  'start', 'end', 'description', 'declaredAt', 'updatedAt', 'revision',
] as const satisfies readonly (keyof DowntimeRow)[];

const ms = (iso: string) => Date.parse(iso);
const uid = (tenant: string, id: string) => `downtime-${id}@${tenant}.vigil`;
const entryId = (tenant: string, id: string) => `urn:vigil:${encodeURIComponent(tenant)}:downtime:${encodeURIComponent(id)}`;
const link = (ctx: FeedContext, d: DowntimeRow) => `${ctx.baseUrl}/api/v1/downtimes/${encodeURIComponent(d.id)}`;
const latest = (rows: readonly DowntimeRow[], now: number) => rows.reduce((max, d) => Math.max(max, ms(d.updatedAt)), rows.length ? 0 : now);
const title = (ctx: FeedContext) => `Downtimes of ${ctx.tenant}${ctx.filters.length ? ` (${ctx.filters.join(', ')})` : ''}`;

/** What a calendar event or feed item is called: site and severity first. */
export const downtimeSummary = (d: DowntimeRow): string => `${d.site} ${d.severity} (${d.classification})`;

/** The operator's description, then what the downtime affects. */
export function downtimeDescription(d: DowntimeRow): string {
  const lines = [`Site: ${d.site}${d.ngi ? ` (${d.ngi})` : ''}`, `Services: ${d.services.join(', ')}`];
  if (d.hostnames.length) lines.push(`Hostnames: ${d.hostnames.join(', ')}`);
  if (d.serviceTypes.length) lines.push(`Service types: ${d.serviceTypes.join(', ')}`);
  if (d.endpoints.length) lines.push(`Endpoints: ${d.endpoints.join(', ')}`);
  lines.push(`From ${d.start} to ${d.end}`);
  return `${d.description}\n\n${lines.join('\n')}`;
}

export const downtimesCalendar = (rows: readonly DowntimeRow[], ctx: FeedContext): string =>
  renderCalendar({
    prodId: '-//Vigil//Downtimes//EN',
    name: title(ctx),
    events: rows.map((d) => ({
      uid: uid(ctx.tenant, d.id),
      start: ms(d.start),
      end: ms(d.end),
      summary: downtimeSummary(d),
      description: downtimeDescription(d),
      location: d.site,
      categories: [d.severity, d.classification],
      created: ms(d.declaredAt),
      lastModified: ms(d.updatedAt),
      sequence: d.revision,
      url: link(ctx, d),
    })),
  });

function feed(rows: readonly DowntimeRow[], ctx: FeedContext): Feed {
  const items: FeedItem[] = rows.map((d) => ({
    id: entryId(ctx.tenant, d.id),
    title: `${downtimeSummary(d)}: ${d.start} to ${d.end}`,
    description: downtimeDescription(d),
    link: link(ctx, d),
    published: ms(d.declaredAt),
    updated: ms(d.updatedAt),
    categories: [d.severity, d.classification],
  }));
  return {
    id: ctx.selfUrl,
    title: title(ctx),
    description: `Downtimes declared in Vigil for ${ctx.tenant}, by start time`,
    selfLink: ctx.selfUrl,
    link: `${ctx.baseUrl}/api/v1/downtimes`,
    updated: latest(rows, ctx.now),
    author: 'Vigil',
    items,
  };
}

export const downtimesRss = (rows: readonly DowntimeRow[], ctx: FeedContext): string => renderRss(feed(rows, ctx));
export const downtimesAtom = (rows: readonly DowntimeRow[], ctx: FeedContext): string => renderAtom(feed(rows, ctx));

export const downtimesCsv = (rows: readonly DowntimeRow[]): string =>
  renderCsv(
    DOWNTIME_CSV_COLUMNS,
    rows.map((d) => DOWNTIME_CSV_COLUMNS.map((column) => {
      const value = d[column];
      return Array.isArray(value) ? value.join(' ') : value;
    })),
  );
