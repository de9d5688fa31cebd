import type {
  AggregationProfile,
  ArgoDowntime,
  ArgoEndpoint,
  ArgoGroup,
  FilterTag,
  MetricProfile,
  MetricResult,
  OperationsProfile,
  Recomputation,
  ThresholdRuleInput,
} from '@vigil/domain';
import { ArgoFileError, Fields, fieldsOf, isAvroFile, labelOf, readFirst, readRecords, type ArgoInput } from './argo-file';

/** What Vigil uses of an ARGO report (config). */
export interface ArgoReport {
  name: string;
  /** Endpoint-group type, e.g. SITES. */
  endpointGroupType?: string;
  /** Supergroup type, e.g. NGI or PROJECT. */
  supergroupType?: string;
  filterTags: FilterTag[];
}

export async function readReport(input: ArgoInput): Promise<ArgoReport> {
  const file = labelOf(input);
  const f = new Fields(file, 'report', await readFirst(input));
  const schema = f.tagsObject('topology_schema');
  const group = schema?.group as Record<string, unknown> | undefined;
  const sub = group?.group as Record<string, unknown> | undefined;
  const info = f.tagsObject('info');
  return {
    name: typeof info?.name === 'string' ? info.name : '',
    supergroupType: typeof group?.type === 'string' ? group.type : undefined,
    endpointGroupType: typeof sub?.type === 'string' ? sub.type : undefined,
    filterTags: f.each('filter_tags', true).map((t) => ({ name: t.str('name'), value: t.str('value'), context: t.str('context') })),
  };
}

export async function readOperations(input: ArgoInput): Promise<OperationsProfile> {
  const file = labelOf(input);
  const f = new Fields(file, 'operations', await readFirst(input));
  const defaults = f.obj_('defaults');
  const states = f.list('available_states');
  if (!states.every((s) => typeof s === 'string')) throw new ArgoFileError(file, 'available_states must be strings');
  return {
    name: f.optStr('name'),
    available_states: states as string[],
    defaults: { down: defaults.str('down'), missing: defaults.str('missing'), unknown: defaults.str('unknown') },
    operations: f.each('operations').map((op) => ({
      name: op.str('name'),
      truth_table: op.each('truth_table').map((r) => ({ a: r.str('a'), b: r.str('b'), x: r.str('x') })),
    })),
  };
}

export async function readAggregation(input: ArgoInput): Promise<AggregationProfile> {
  const file = labelOf(input);
  const f = new Fields(file, 'aggregation', await readFirst(input));
  return {
    metric_operation: f.str('metric_operation'),
    profile_operation: f.str('profile_operation'),
    groups: f.each('groups').map((g) => ({
      name: g.str('name'),
      operation: g.str('operation'),
      services: g.each('services').map((s) => ({ name: s.str('name'), operation: s.str('operation') })),
    })),
  };
}

/** A metric profile from the web API JSON, or from Avro rows `{profile, service, metric}`. */
export async function readMetricProfile(input: ArgoInput): Promise<MetricProfile> {
  const file = labelOf(input);
  const rows = await readRecords(input);
  if (isAvroFile(input)) {
    const bySvc = new Map<string, string[]>();
    for (const r of fieldsOf(file, rows)) bySvc.set(r.str('service'), [...(bySvc.get(r.str('service')) ?? []), r.str('metric')]);
    return { services: [...bySvc].map(([service, metrics]) => ({ service, metrics })) };
  }
  if (rows.length === 0) throw new ArgoFileError(file, 'no data');
  const f = new Fields(file, 'metric_profile', rows[0]);
  return {
    services: f.each('services').map((s) => {
      const metrics = s.list('metrics');
      if (!metrics.every((m) => typeof m === 'string')) throw new ArgoFileError(file, `metrics of ${s.str('service')} must be strings`);
      return { service: s.str('service'), metrics: metrics as string[] };
    }),
  };
}

export async function readThresholds(input: ArgoInput): Promise<ThresholdRuleInput[]> {
  const file = labelOf(input);
  const f = new Fields(file, 'thresholds', await readFirst(input));
  return f.each('rules', true).map((r) => ({
    metric: r.str('metric'),
    host: r.optStr('host'),
    endpoint_group: r.optStr('endpoint_group'),
    thresholds: r.str('thresholds'),
  }));
}

export async function readEndpoints(input: ArgoInput): Promise<ArgoEndpoint[]> {
  const file = labelOf(input);
  return fieldsOf(file, await readRecords(input)).map((r) => ({
    group: r.str('group'),
    type: r.str('type'),
    service: r.str('service'),
    hostname: r.str('hostname'),
    tags: r.tags(),
  }));
}

export async function readGroups(input: ArgoInput): Promise<ArgoGroup[]> {
  const file = labelOf(input);
  return fieldsOf(file, await readRecords(input)).map((r) => ({
    group: r.str('group'),
    type: r.str('type'),
    subgroup: r.str('subgroup'),
    tags: r.tags(),
  }));
}

/** Downtimes from the web API (`[{date, endpoints:[…]}]`) or flat rows (JSON or Avro). */
export async function readDowntimes(input: ArgoInput): Promise<ArgoDowntime[]> {
  const file = labelOf(input);
  const rows = fieldsOf(file, await readRecords(input));
  const flat = rows.flatMap((r) => (r.has('endpoints') ? r.each('endpoints') : [r]));
  return flat.map((d) => ({
    hostname: d.str('hostname'),
    service: d.str('service'),
    start_time: d.str('start_time'),
    end_time: d.str('end_time'),
  }));
}

export async function readRecomputations(input: ArgoInput): Promise<Recomputation[]> {
  const file = labelOf(input);
  return fieldsOf(file, await readRecords(input)).map((r) => ({
    start_time: r.str('start_time'),
    end_time: r.str('end_time'),
    exclude: r.list('exclude', true).map(String),
    exclude_metrics: r.each('exclude_metrics', true).map((m) => ({
      group: m.optStr('group'),
      service: m.optStr('service'),
      hostname: m.optStr('hostname'),
      metric: m.optStr('metric'),
    })),
    exclude_monitoring_source: r.each('exclude_monitoring_source', true).map((m) => ({
      host: m.str('host'),
      start_time: m.str('start_time'),
      end_time: m.str('end_time'),
    })),
    applied_status_changes: r.each('applied_status_changes', true).map((c) => ({
      group: c.optStr('group'),
      service: c.optStr('service'),
      hostname: c.optStr('hostname'),
      metric: c.optStr('metric'),
      status: c.optStr('status') ?? c.str('state'),
      start_time: c.optStr('start_time'),
      end_time: c.optStr('end_time'),
    })),
  }));
}

/** Group → weight from the web API (`[{groups:[{name, value}]}]`) or Avro rows `{site, weight}`. */
export async function readWeights(input: ArgoInput): Promise<Map<string, number>> {
  const file = labelOf(input);
  const out = new Map<string, number>();
  for (const r of fieldsOf(file, await readRecords(input))) {
    if (r.has('groups')) for (const g of r.each('groups')) out.set(g.str('name'), toNumber(file, g.raw('value')));
    else out.set(r.optStr('site') ?? r.str('name'), toNumber(file, r.raw('weight') ?? r.raw('value')));
  }
  return out;
}

/** Metric results of an Avro `MetricData` file. */
export async function readMetricData(input: ArgoInput): Promise<MetricResult[]> {
  const file = labelOf(input);
  return fieldsOf(file, await readRecords(input)).map((r) => ({
    timestamp: r.str('timestamp'),
    service: r.str('service'),
    hostname: r.str('hostname'),
    metric: r.str('metric'),
    status: r.str('status'),
    monitoringHost: r.optStr('monitoring_host') ?? null,
    actualData: r.optStr('actual_data') ?? null,
  }));
}

function toNumber(file: string, v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new ArgoFileError(file, `weight '${String(v)}' is not a number`);
  return n;
}
