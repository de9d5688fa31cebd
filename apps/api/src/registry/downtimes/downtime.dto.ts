import type { DowntimeSeverity } from '@vigil/domain';
import { ArrayNotEmpty, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { IsDateTime } from '../shared/date-time';
import { ListQuery } from '../shared/paging';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';

const SEVERITIES: DowntimeSeverity[] = ['OUTAGE', 'WARNING'];
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

export class DowntimeListQuery extends ListQuery {
  @IsOptional()
  @IsRegistryName()
  site?: string;

  @IsOptional()
  @IsRegistryName()
  service?: string;
}
