import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';
import { ApiRevision, PageDto } from '../shared/openapi.dto';

const defined = (_: object, value: unknown) => value !== undefined;

const NAME = { description: 'The service group name: 1-100 of letters, digits, ".", "_", "-".', example: 'WLCG-ATLAS' };
const DESCRIPTION = { description: 'What the group is for (at most 1000 characters).', example: 'Services of the ATLAS experiment' };
const MONITORED = { description: 'Whether the group is monitored.', example: true };
const SERVICES = { description: 'Ids of member services, from any site.', type: String, isArray: true, example: ['1G0', '2B7'] };

export class RegisterServiceGroupDto {
  @ApiProperty(NAME)
  @IsRegistryName()
  name: string;

  @ApiProperty(DESCRIPTION)
  @IsText(1000)
  description: string;

  /** Monitored unless set to false. */
  @ApiPropertyOptional({ ...MONITORED, description: 'Whether the group is monitored; true unless given.', default: true })
  @IsOptional()
  @IsBoolean()
  monitored?: boolean;

  /** Ids of member services, from any site. */
  @ApiPropertyOptional({ ...SERVICES, description: 'Ids of registered member services, from any site; none unless given.' })
  @IsOptional()
  @IsNameList()
  services?: string[];
}

export class UpdateServiceGroupDto {
  @ApiPropertyOptional(DESCRIPTION)
  @ValidateIf(defined)
  @IsText(1000)
  description?: string;

  @ApiPropertyOptional(MONITORED)
  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;
}

export class AddMemberDto {
  @ApiProperty({ description: 'Id of the registered service to add.', example: '1G0' })
  @IsRegistryName()
  service: string;
}

/** A service group as GETs and writes answer it. */
export class ServiceGroupDto {
  @ApiProperty(NAME) name: string;
  @ApiProperty(DESCRIPTION) description: string;
  @ApiProperty(MONITORED) monitored: boolean;
  @ApiProperty({ ...SERVICES, description: 'Ids of the member services that still exist.' }) services: string[];
  @ApiRevision() revision: number;
}

export class ServiceGroupPageDto extends PageDto(ServiceGroupDto) {}
