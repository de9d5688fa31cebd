import type { RecordKind, SkippedRecord } from './gocdb.records';
import type { ImportPlan, RecordRef } from './import-plan';

type Counted = Exclude<RecordKind, 'file'>;
const COUNTED: readonly Counted[] = ['ngi', 'site', 'service', 'serviceGroup', 'downtime'];

/** What an import did (printed by `vigil import gocdb --json`). */
export interface ImportSummary {
  tenant: string;
  /** Events appended. */
  appended: number;
  /** Appended events by type. */
  events: Record<string, number>;
  /** Records that changed something, and records already as GOCDB has them. */
  changed: number;
  unchanged: number;
  records: Record<Counted, { changed: number; unchanged: number; skipped: number }>;
  skipped: SkippedRecord[];
}

export function summarize(tenant: string, plan: ImportPlan, appended: ImportPlan['appends'], skipped: SkippedRecord[]): ImportSummary {
  const failed = (r: RecordRef) => skipped.some((s) => s.kind === r.kind && s.key === r.key);
  const changed = plan.changed.filter((r) => !failed(r));
  const events: Record<string, number> = {};
  for (const a of appended) for (const e of a.events) events[e.type] = (events[e.type] ?? 0) + 1;
  const count = (refs: readonly { kind: RecordKind }[], kind: RecordKind) => refs.filter((r) => r.kind === kind).length;
  const records = Object.fromEntries(
    COUNTED.map((kind) => [kind, { changed: count(changed, kind), unchanged: count(plan.unchanged, kind), skipped: count(skipped, kind) }]),
  ) as ImportSummary['records'];
  return {
    tenant,
    appended: Object.values(events).reduce((a, b) => a + b, 0),
    events,
    changed: changed.length,
    unchanged: plan.unchanged.length,
    records,
    skipped,
  };
}

const LABELS: Record<Counted, string> = { ngi: 'NGIs', site: 'sites', service: 'services', serviceGroup: 'service groups', downtime: 'downtimes' };

/** The summary for a person: totals, one line per kind, one line per skipped record. */
export function formatSummary(s: ImportSummary): string {
  const lines = [`GOCDB import into tenant ${s.tenant}: ${s.appended} event(s) appended, ${s.changed} record(s) changed, ${s.unchanged} unchanged, ${s.skipped.length} skipped`];
  for (const kind of COUNTED) {
    const r = s.records[kind];
    if (r.changed + r.unchanged + r.skipped > 0) lines.push(`  ${LABELS[kind].padEnd(15)} ${r.changed} changed, ${r.unchanged} unchanged, ${r.skipped} skipped`);
  }
  if (s.skipped.length > 0) lines.push('Skipped:');
  for (const k of s.skipped) lines.push(`  ${k.kind} ${k.key}${k.name ? ` (${k.name})` : ''}: ${k.code}: ${k.reason}`);
  return lines.join('\n');
}
