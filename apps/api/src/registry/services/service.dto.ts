import { IsBoolean, IsOptional, IsUrl, ValidateIf } from 'class-validator';
import { ListQuery } from '../shared/paging';
import { IsHostname, IsNameList, IsRegistryName, IsText } from '../shared/names';

const defined = (_: object, value: unknown) => value !== undefined;
// Grid endpoints use many schemes (httpg, ldap, srm, xroot, davs...): any scheme, but a real URL.
const URL_OPTIONS = { require_protocol: true, require_valid_protocol: false, require_tld: false };

export class RegisterServiceDto {
  /** A GOCDB primary key such as 1G0; generated when absent. */
  @IsOptional()
  @IsRegistryName()
  id?: string;

  @IsHostname()
  hostname: string;

  @IsRegistryName()
  serviceType: string;

  @IsRegistryName()
  site: string;

  @IsBoolean()
  production: boolean;

  @IsBoolean()
  monitored: boolean;

  @IsOptional()
  @IsBoolean()
  beta?: boolean;

  @IsOptional()
  @IsBoolean()
  notify?: boolean;

  @IsOptional()
  @IsUrl(URL_OPTIONS)
  url?: string | null;

  @IsOptional()
  @IsNameList(100)
  scopes?: string[];
}

/** Fields to change; a different site moves the service; url null clears it. */
export class UpdateServiceDto {
  @ValidateIf(defined)
  @IsHostname()
  hostname?: string;

  @ValidateIf(defined)
  @IsRegistryName()
  serviceType?: string;

  @ValidateIf(defined)
  @IsRegistryName()
  site?: string;

  @ValidateIf(defined)
  @IsBoolean()
  production?: boolean;

  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;

  @ValidateIf(defined)
  @IsBoolean()
  beta?: boolean;

  @ValidateIf(defined)
  @IsBoolean()
  notify?: boolean;

  @IsOptional()
  @IsUrl(URL_OPTIONS)
  url?: string | null;

  @ValidateIf(defined)
  @IsNameList(100)
  scopes?: string[];
}

export class ServiceListQuery extends ListQuery {
  @IsOptional()
  @IsRegistryName()
  site?: string;

  @IsOptional()
  @IsRegistryName()
  serviceType?: string;

  @IsOptional()
  @IsHostname()
  hostname?: string;
}

export class AddEndpointDto {
  /** Generated when absent. */
  @IsOptional()
  @IsRegistryName()
  id?: string;

  /** Unique within the service. */
  @IsText(100)
  name: string;

  @IsUrl(URL_OPTIONS)
  url: string;

  /** The service type unless given. */
  @IsOptional()
  @IsRegistryName()
  interfaceName?: string;

  @IsOptional()
  @IsBoolean()
  monitored?: boolean;
}

export class UpdateEndpointDto {
  @ValidateIf(defined)
  @IsText(100)
  name?: string;

  @ValidateIf(defined)
  @IsUrl(URL_OPTIONS)
  url?: string;

  @ValidateIf(defined)
  @IsRegistryName()
  interfaceName?: string;

  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;
}
