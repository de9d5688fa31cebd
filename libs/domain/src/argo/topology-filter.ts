import { ENDPOINT_FILTER_CONTEXT, GROUP_FILTER_CONTEXT, type FilterTag, type ArgoEndpoint, type ArgoGroup } from './model';

/** Items of a comma-separated tag or filter value, trimmed. */
const items = (value: string): string[] => value.split(',').map((v) => v.trim());

/**
 * True when, for every filter name, the item's tag shares at least one comma-separated item with
 * the filter's value (filters repeating a name are alternatives).
 */
export function matchesTags(tags: Record<string, string> | null | undefined, filters: readonly FilterTag[]): boolean {
  const byName = new Map<string, string[]>();
  for (const f of filters) byName.set(f.name, [...(byName.get(f.name) ?? []), ...items(f.value)]);
  for (const [name, wanted] of byName) {
    const tag = tags?.[name];
    if (tag === undefined || tag === null) return false;
    const have = items(String(tag));
    if (!wanted.some((w) => have.includes(w))) return false;
  }
  return true;
}

/** Endpoints of the report's endpoint-group type that pass `argo.endpoint.filter.tags`. */
export function selectEndpoints(endpoints: readonly ArgoEndpoint[], filters: readonly FilterTag[], groupType?: string): ArgoEndpoint[] {
  const own = filters.filter((f) => f.context === ENDPOINT_FILTER_CONTEXT);
  const type = groupType?.toUpperCase();
  return endpoints.filter((e) => (!type || e.type.toUpperCase() === type) && matchesTags(e.tags, own));
}

/** Groups that pass `argo.group.filter.tags.array`. */
export function selectGroups(groups: readonly ArgoGroup[], filters: readonly FilterTag[]): ArgoGroup[] {
  const own = filters.filter((f) => f.context === GROUP_FILTER_CONTEXT);
  return groups.filter((g) => matchesTags(g.tags, own));
}
