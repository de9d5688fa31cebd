import { readFile } from 'node:fs/promises';
import { readPiDocument } from './pi-xml';

export type DocumentKind = 'sites' | 'services' | 'serviceGroups' | 'downtimes';

/** One PI document as read, or why it could not be read. */
export type PiText = { kind: DocumentKind; source: string } & ({ xml: string } | { error: string });

/** The PI method serving each kind (get_service_endpoint is also known as get_service). */
export const PI_METHODS: Record<DocumentKind, string> = {
  sites: 'get_site',
  services: 'get_service_endpoint',
  serviceGroups: 'get_service_group',
  downtimes: 'get_downtime',
};

export const RECORD_TAGS: Record<DocumentKind, string> = { sites: 'SITE', services: 'SERVICE_ENDPOINT', serviceGroups: 'SERVICE_GROUP', downtimes: 'DOWNTIME' };

const MAX_PAGES = 1000;

export async function readPiFiles(files: Partial<Record<DocumentKind, string>>): Promise<PiText[]> {
  const entries = Object.entries(files).filter((e): e is [DocumentKind, string] => e[1] !== undefined);
  return Promise.all(
    entries.map(async ([kind, file]): Promise<PiText> => {
      try {
        return { kind, source: file, xml: await readFile(file, 'utf8') };
      } catch (error) {
        return { kind, source: file, error: (error as Error).message };
      }
    }),
  );
}

/** Fetches every kind from a PI base URL (`BASE?method=get_site`…), following the PI's next-page links. */
export async function fetchPi(base: string, kinds: readonly DocumentKind[] = Object.keys(PI_METHODS) as DocumentKind[], fetchFn: typeof fetch = fetch): Promise<PiText[]> {
  const pages = await Promise.all(kinds.map((kind) => fetchPages(kind, methodUrl(base, PI_METHODS[kind]), fetchFn)));
  return pages.flat();
}

export function methodUrl(base: string, method: string): string {
  const url = new URL(base);
  url.searchParams.set('method', method);
  return url.toString();
}

async function fetchPages(kind: DocumentKind, first: string, fetchFn: typeof fetch): Promise<PiText[]> {
  const pages: PiText[] = [];
  for (let url: string | null = first; url !== null && pages.length < MAX_PAGES; ) {
    const page = await fetchPage(kind, url, fetchFn);
    pages.push(page);
    url = 'xml' in page ? nextOf(page.xml, kind, url, pages) : null;
  }
  return pages;
}

async function fetchPage(kind: DocumentKind, url: string, fetchFn: typeof fetch): Promise<PiText> {
  try {
    const response = await fetchFn(url, { headers: { accept: 'application/xml' } });
    if (!response.ok) return { kind, source: url, error: `HTTP ${response.status} ${response.statusText}` };
    return { kind, source: url, xml: await response.text() };
  } catch (error) {
    return { kind, source: url, error: (error as Error).message };
  }
}

// A malformed page is reported by the import; here it just ends the paging. A link back to a page already read ends it too.
function nextOf(xml: string, kind: DocumentKind, url: string, pages: PiText[]): string | null {
  try {
    const next = readPiDocument(xml, url, RECORD_TAGS[kind]).next;
    if (next === null) return null;
    const absolute = new URL(next, url).toString();
    return pages.some((p) => p.source === absolute) ? null : absolute;
  } catch {
    return null;
  }
}
