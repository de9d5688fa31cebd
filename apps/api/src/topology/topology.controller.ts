import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@vigil/http';
import { CLICKHOUSE } from '@vigil/platform';
import { topologyEndpoints, topologyGroups, type ClickHouse } from '@vigil/read-models';
import { badRequest } from '../registry/shared/http-errors';
import { decodeKeyCursor, encodeKeyCursor } from '../status/key-cursor';
import { DEFAULT_TOPOLOGY_LIMIT, TopologyEndpointsQueryDto, TopologyGroupsQueryDto } from './topology-query.dto';
import { TopologyEndpointPageDto, TopologyGroupPageDto } from './topology-response.dto';

const SITES = 'SITES';
// DateTime ends in 2106; a later `at` would not be a time the read models can hold.
const MAX_TIME = Date.UTC(2105, 11, 31);

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

function asOf(at: string | undefined): { at?: Date; date: string } {
  if (at === undefined) return { date: new Date().toISOString().slice(0, 10) };
  const time = new Date(at);
  if (time.getTime() < 0 || time.getTime() > MAX_TIME) throw badRequest('at', 'must be between 1970 and 2105');
  return { at: time, date: time.toISOString().slice(0, 10) };
}

function tags(text: string): Record<string, string> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** ARGO-shaped topology (api/v2/topology): endpoints and endpoint groups now or as of `at`. */
@ApiTags('topology')
@Controller('api/v1/topology')
export class TopologyController {
  constructor(@Inject(CLICKHOUSE) private readonly clickhouse: ClickHouse) {}

  @Get('endpoints')
  @ApiOperation({ summary: 'Monitored endpoints (service type on a host in an endpoint group), now or as of a time' })
  @ApiOkResponse({ type: TopologyEndpointPageDto, description: 'Topology in ARGO form; nextCursor leads to the next page.' })
  async endpoints(@CurrentTenant() tenant: string, @Query() q: TopologyEndpointsQueryDto): Promise<TopologyEndpointPageDto> {
    const { at, date } = asOf(q.at);
    const limit = q.limit ?? DEFAULT_TOPOLOGY_LIMIT;
    const after = q.cursor === undefined ? undefined : (decodeKeyCursor(q.cursor, 3) as [string, string, string]);
    const selection = { at, supergroup: q.supergroup, endpointGroup: q.group, service: q.service, hostname: q.hostname, after, limit: limit + 1 };
    const rows = await topologyEndpoints(this.clickhouse, tenant, selection);
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      data: shown.map((r) => ({ date, group: r.endpoint_group, type: SITES, service: r.service, hostname: r.hostname, supergroup: r.supergroup, tags: tags(r.tags), validFrom: iso(r.valid_from) })),
      nextCursor: rows.length > limit ? encodeKeyCursor([last.endpoint_group, last.service, last.hostname]) : null,
    };
  }

  @Get('groups')
  @ApiOperation({ summary: 'Endpoint groups (e.g. sites) in their supergroups (e.g. NGIs), now or as of a time' })
  @ApiOkResponse({ type: TopologyGroupPageDto, description: 'Topology in ARGO form; nextCursor leads to the next page.' })
  async groups(@CurrentTenant() tenant: string, @Query() q: TopologyGroupsQueryDto): Promise<TopologyGroupPageDto> {
    const { at, date } = asOf(q.at);
    const limit = q.limit ?? DEFAULT_TOPOLOGY_LIMIT;
    const after = q.cursor === undefined ? undefined : (decodeKeyCursor(q.cursor, 2) as [string, string]);
    const rows = await topologyGroups(this.clickhouse, tenant, { at, supergroup: q.supergroup, endpointGroup: q.group, after, limit: limit + 1 });
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      data: shown.map((r) => ({
        date,
        group: r.supergroup,
        type: r.group_type === SITES ? 'NGI' : 'PROJECT',
        subgroup: r.endpoint_group,
        subgroupType: r.group_type,
        tags: tags(r.tags),
        validFrom: iso(r.valid_from),
      })),
      nextCursor: rows.length > limit ? encodeKeyCursor([last.endpoint_group, last.group_type]) : null,
    };
  }
}
