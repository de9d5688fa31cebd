import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { IsNameList, IsRegistryName, IsText } from '../shared/names';

const defined = (_: object, value: unknown) => value !== undefined;

export class RegisterServiceGroupDto {
  @IsRegistryName()
  name: string;

  @IsText(1000)
  description: string;

  /** Monitored unless set to false. */
  @IsOptional()
  @IsBoolean()
  monitored?: boolean;

  /** Ids of member services, from any site. */
  @IsOptional()
  @IsNameList()
  services?: string[];
}

export class UpdateServiceGroupDto {
  @ValidateIf(defined)
  @IsText(1000)
  description?: string;

  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;
}

export class AddMemberDto {
  @IsRegistryName()
  service: string;
}
