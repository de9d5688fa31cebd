import type { DowntimeClassification, DowntimeSeverity } from '@vigil/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsIn, IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsDateTime } from '../shared/date-time';
import { ListQuery } from '../shared/paging';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';
import { ApiRevision, PageDto } from '../shared/openapi.dto';

const SEVERITIES: DowntimeSeverity[] = ['OUTAGE', 'WARNING'];
const CLASSIFICATIONS: DowntimeClassification[] = ['SCHEDULED', 'UNSCHEDULED'];
const defined = (_: object, value: unknown) => value !== undefined;

const ID = { description: 'The downtime id.', example: '8f14e45f-ceea-467f-a0e6-1e9e2a2b3c4d' };
const SERVICES = { description: 'Ids of the affected services, all of one site (at least one).', type: String, isArray: true, example: ['1G0'] };
const ENDPOINTS = { description: 'Ids of affected endpoints, each of an affected service.', type: String, isArray: true, example: ['7E1'] };
const SEVERITY = { description: 'OUTAGE (the services are down) or WARNING (at risk).', enum: SEVERITIES, example: 'OUTAGE' };
const CLASSIFICATION = { description: 'SCHEDULED when declared more than 24 h ahead of its start, else UNSCHEDULED (computed).', enum: CLASSIFICATIONS, example: 'SCHEDULED' };
const START = { description: 'Start (ISO 8601 with a zone); at most 48 h in the past.', format: 'date-time', example: '2025-06-02T10:00:00Z' };
const END = { description: 'End (ISO 8601 with a zone), after the start.', format: 'date-time', example: '2025-06-02T14:00:00Z' };
const DESCRIPTION = { description: 'Why the downtime (at most 4000 characters).', example: 'Storage firmware upgrade' };

export class DeclareDowntimeDto {
  /** Generated when absent. */
  @ApiPropertyOptional({ ...ID, description: 'The downtime id; generated (a UUID) when absent.' })
  @IsOptional()
  @IsRegistryName()
  id?: string;

  /** Ids of the affected services, all of one site. */
  @ApiProperty(SERVICES)
  @IsNameList()
  @ArrayNotEmpty()
  services: string[];

  /** Ids of affected endpoints of those services. */
  @ApiPropertyOptional({ ...ENDPOINTS, description: 'Ids of affected endpoints, each of an affected service; none unless given.' })
  @IsOptional()
  @IsNameList()
  endpoints?: string[];

  @ApiProperty(SEVERITY)
  @IsIn(SEVERITIES)
  severity: DowntimeSeverity;

  @ApiProperty(START)
  @IsDateTime()
  start: string;

  @ApiProperty(END)
  @IsDateTime()
  end: string;

  @ApiProperty(DESCRIPTION)
  @IsText(4000)
  description: string;
}

/** Fields to change; the classification is recomputed from the (new) start. */
export class UpdateDowntimeDto {
  @ApiPropertyOptional(SERVICES)
  @ValidateIf(defined)
  @IsNameList()
  @ArrayNotEmpty()
  services?: string[];

  @ApiPropertyOptional(ENDPOINTS)
  @ValidateIf(defined)
  @IsNameList()
  endpoints?: string[];

  @ApiPropertyOptional(SEVERITY)
  @ValidateIf(defined)
  @IsIn(SEVERITIES)
  severity?: DowntimeSeverity;

  @ApiPropertyOptional({ ...START, description: 'Start (ISO 8601 with a zone); the classification is recomputed from it.' })
  @ValidateIf(defined)
  @IsDateTime()
  start?: string;

  @ApiPropertyOptional(END)
  @ValidateIf(defined)
  @IsDateTime()
  end?: string;

  @ApiPropertyOptional(DESCRIPTION)
  @ValidateIf(defined)
  @IsText(4000)
  description?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin constructor shape TypeScript requires
type Constructor = new (...args: any[]) => object;

/** The search filters of the downtime list and of every feed and export (all combine with AND). */
function withDowntimeFilters<B extends Constructor>(Base: B) {
  class DowntimeFilters extends Base {
    @ApiPropertyOptional({ description: 'Only downtimes of this site (short name).', example: 'INFN-T1' })
    @IsOptional()
    @IsRegistryName()
    site?: string;

    @ApiPropertyOptional({ description: 'Only downtimes of sites of this NGI (as the topology is now).', example: 'NGI_IT' })
    @IsOptional()
    @IsRegistryName()
    ngi?: string;

    /** A downtime affecting at least one service of this type. */
    @ApiPropertyOptional({ description: 'Only downtimes affecting at least one service of this type.', example: 'SRM' })
    @IsOptional()
    @IsRegistryName()
    serviceType?: string;

    /** A downtime affecting this service id. */
    @ApiPropertyOptional({ description: 'Only downtimes affecting this service id.', example: '1G0' })
    @IsOptional()
    @IsRegistryName()
    service?: string;

    @ApiPropertyOptional({ ...SEVERITY, description: 'Only downtimes of this severity.' })
    @IsOptional()
    @IsIn(SEVERITIES)
    severity?: DowntimeSeverity;

    @ApiPropertyOptional({ ...CLASSIFICATION, description: 'Only SCHEDULED or only UNSCHEDULED downtimes.' })
    @IsOptional()
    @IsIn(CLASSIFICATIONS)
    classification?: DowntimeClassification;

    /** true: under way now (start ≤ now < end); false: finished or not yet started. */
    @ApiPropertyOptional({ description: 'true: under way now (start ≤ now < end); false: finished or not yet started.', enum: ['true', 'false'] })
    @IsOptional()
    @IsIn(['true', 'false'], { message: '$property must be true or false' })
    ongoing?: 'true' | 'false';

    /** With `to`: downtimes overlapping [from, to). */
    @ApiPropertyOptional({ description: 'Only downtimes ending after this time (ISO 8601 with a zone); with `to`: overlapping [from, to).', format: 'date-time', example: '2025-06-01T00:00:00Z' })
    @IsOptional()
    @IsDateTime()
    from?: string;

    @ApiPropertyOptional({ description: 'Only downtimes starting before this time (ISO 8601 with a zone); later than `from`.', format: 'date-time', example: '2025-07-01T00:00:00Z' })
    @IsOptional()
    @IsDateTime()
    to?: string;
  }
  return DowntimeFilters;
}

/** GET /api/v1/downtimes: filters plus cursor paging. */
export class DowntimeListQuery extends withDowntimeFilters(ListQuery) {}

/** The feeds and exports: every match, no paging; feed readers may send their key as `api_key`. */
export class DowntimeFeedQuery extends withDowntimeFilters(class {}) {
  @ApiPropertyOptional({ description: 'The API key, for feed readers that cannot send headers (never echoed in feed links).' })
  @IsOptional()
  @IsString()
  api_key?: string;
}

export type DowntimeFilterQuery = Omit<DowntimeFeedQuery, 'api_key'>;

/** A downtime as GETs, writes, and the JSON export answer it. */
export class DowntimeDto {
  @ApiProperty(ID) id: string;
  @ApiProperty({ description: 'Short name of the site hosting every affected service.', example: 'INFN-T1' }) site: string;
  @ApiProperty({ description: 'NGI of the site now; null once the site is gone.', type: String, nullable: true, example: 'NGI_IT' }) ngi: string | null;
  @ApiProperty(SERVICES) services: string[];
  @ApiProperty(ENDPOINTS) endpoints: string[];
  @ApiProperty({ description: 'Distinct, sorted service types of the affected services that still exist.', type: String, isArray: true, example: ['SRM'] }) serviceTypes: string[];
  @ApiProperty({ description: 'Distinct, sorted hostnames of the affected services that still exist.', type: String, isArray: true, example: ['se01.example.org'] }) hostnames: string[];
  @ApiProperty(SEVERITY) severity: DowntimeSeverity;
  @ApiProperty(CLASSIFICATION) classification: DowntimeClassification;
  @ApiProperty({ ...START, description: 'Start (UTC).', example: '2025-06-02T10:00:00.000Z' }) start: string;
  @ApiProperty({ ...END, description: 'End (UTC).', example: '2025-06-02T14:00:00.000Z' }) end: string;
  @ApiProperty(DESCRIPTION) description: string;
  @ApiProperty({ description: 'When the downtime was declared.', format: 'date-time', example: '2025-05-30T09:12:00.000Z' }) declaredAt: string;
  @ApiProperty({ description: 'When its latest change was recorded.', format: 'date-time', example: '2025-05-30T09:12:00.000Z' }) updatedAt: string;
  @ApiRevision() revision: number;
}

export class DowntimePageDto extends PageDto(DowntimeDto) {}
