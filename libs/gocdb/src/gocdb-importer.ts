import type { EventStore } from '@vigil/event-store';
import { parseDowntimes } from './downtime.parser';
import type { Parsed, SkippedRecord } from './gocdb.records';
import type { DocumentKind, PiText } from './gocdb-source';
import { streamOf, type StreamLister } from './gocdb-streams';
import { planImport, type GocdbInput, type ImportPlan } from './import-plan';
import { summarize, type ImportSummary } from './import-summary';
import { MalformedXmlError } from './pi-xml';
import { parseServiceGroups } from './service-group.parser';
import { parseServices } from './service.parser';
import { parseSites } from './site.parser';
import { loadTenantState } from './tenant-state';

export interface ImportTarget {
  store: EventStore;
  lister: StreamLister;
  tenant: string;
  /** Epoch ms; the deciders' clock. */
  now?: number;
}

const PARSERS: { [K in DocumentKind]: (xml: string, file: string) => Parsed<GocdbInput[K][number]> } = {
  sites: parseSites,
  services: parseServices,
  serviceGroups: parseServiceGroups,
  downtimes: parseDowntimes,
};

/** Imports GOCDB PI documents into a tenant: parse, diff against the event store, append only the changes. */
export async function importGocdb(documents: readonly PiText[], target: ImportTarget): Promise<ImportSummary> {
  const { input, skipped } = parseDocuments(documents);
  const current = await loadTenantState(target.store, target.lister, target.tenant, input.downtimes.map((d) => d.primaryKey));
  const plan = planImport(input, current, target.now ?? Date.now());
  const { appended, failed } = await appendAll(plan, target);
  return summarize(target.tenant, plan, appended, [...skipped, ...plan.skipped, ...failed]);
}

export function parseDocuments(documents: readonly PiText[]): { input: GocdbInput; skipped: SkippedRecord[] } {
  const input: GocdbInput = { sites: [], services: [], serviceGroups: [], downtimes: [] };
  const skipped: SkippedRecord[] = [];
  for (const doc of documents) {
    if ('error' in doc) {
      skipped.push({ kind: 'file', key: doc.source, code: 'UNREADABLE', reason: `${doc.source}: ${doc.error}` });
      continue;
    }
    try {
      const parsed = PARSERS[doc.kind](doc.xml, doc.source);
      (input[doc.kind] as unknown[]).push(...parsed.records);
      skipped.push(...parsed.skipped);
    } catch (error) {
      if (!(error instanceof MalformedXmlError)) throw error;
      skipped.push({ kind: 'file', key: doc.source, code: error.code, reason: error.message });
    }
  }
  return { input, skipped };
}

// One append per stream, in plan order, each expecting the revision the plan was built on: a concurrent
// writer makes that stream's records skipped (nothing lost, reported), never overwritten.
async function appendAll(plan: ImportPlan, target: ImportTarget) {
  const appended: ImportPlan['appends'] = [];
  const failed: SkippedRecord[] = [];
  for (const a of plan.appends) {
    try {
      await target.store.append(streamOf(target.tenant, a.kind, a.key), a.events, a.expectedRevision === null ? 'no-stream' : { revision: a.expectedRevision });
      appended.push(a);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = `not appended: ${(error as Error).message}`;
      for (const r of a.records) failed.push({ ...r, code: typeof code === 'string' ? code : 'APPEND_FAILED', reason });
    }
  }
  return { appended, failed };
}
