import type { DowntimeClassification, DowntimeSeverity } from '@vigil/domain';
import { ArrayNotEmpty, IsIn, IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsDateTime } from '../shared/date-time';
import { ListQuery } from '../shared/paging';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';

const SEVERITIES: DowntimeSeverity[] = ['OUTAGE', 'WARNING'];
const CLASSIFICATIONS: DowntimeClassification[] = ['SCHEDULED', 'UNSCHEDULED'];
const defined = (_: object, value: unknown) => value !== undefined;

export class DeclareDowntimeDto {
  /** Generated when absent. */
  @IsOptional()
  @IsRegistryName()
  id?: string;

  /** Ids of the affected services, all of one site. */
  @IsNameList()
  @ArrayNotEmpty()
  services: string[];

  /** Ids of affected endpoints of those services. */
  @IsOptional()
  @IsNameList()
  endpoints?: string[];

  @IsIn(SEVERITIES)
  severity: DowntimeSeverity;

  @IsDateTime()
  start: string;

  @IsDateTime()
  end: string;

  @IsText(4000)
  description: string;
}

/** Fields to change; the classification is recomputed from the (new) start. */
export class UpdateDowntimeDto {
  @ValidateIf(defined)
  @IsNameList()
  @ArrayNotEmpty()
  services?: string[];

  @ValidateIf(defined)
  @IsNameList()
  endpoints?: string[];

  @ValidateIf(defined)
  @IsIn(SEVERITIES)
  severity?: DowntimeSeverity;

  @ValidateIf(defined)
  @IsDateTime()
  start?: string;

  @ValidateIf(defined)
  @IsDateTime()
  end?: string;

  @ValidateIf(defined)
  @IsText(4000)
  description?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin constructor shape TypeScript requires
type Constructor = new (...args: any[]) => object;

/** The search filters of the downtime list and of every feed and export (all combine with AND). */
function withDowntimeFilters<B extends Constructor>(Base: B) {
  class DowntimeFilters extends Base {
    @IsOptional()
    @IsRegistryName()
    site?: string;

    @IsOptional()
    @IsRegistryName()
    ngi?: string;

    /** A downtime affecting at least one service of this type. */
    @IsOptional()
    @IsRegistryName()
    serviceType?: string;

    /** A downtime affecting this service id. */
    @IsOptional()
    @IsRegistryName()
    service?: string;

    @IsOptional()
    @IsIn(SEVERITIES)
    severity?: DowntimeSeverity;

    @IsOptional()
    @IsIn(CLASSIFICATIONS)
    classification?: DowntimeClassification;

    /** true: under way now (start ≤ now < end); false: finished or not yet started. */
    @IsOptional()
    @IsIn(['true', 'false'], { message: '$property must be true or false' })
    ongoing?: 'true' | 'false';

    /** With `to`: downtimes overlapping [from, to). */
    @IsOptional()
    @IsDateTime()
    from?: string;

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
  @IsOptional()
  @IsString()
  api_key?: string;
}

export type DowntimeFilterQuery = Omit<DowntimeFeedQuery, 'api_key'>;
