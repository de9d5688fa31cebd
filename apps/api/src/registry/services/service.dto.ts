import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUrl, ValidateIf } from 'class-validator';
import { ListQuery } from '../shared/paging';
import { IsHostname, IsNameList, IsRegistryName, IsText } from '../shared/names';
import { ApiRevision, PageDto } from '../shared/openapi.dto';

const defined = (_: object, value: unknown) => value !== undefined;
// Grid endpoints use many schemes (httpg, ldap, srm, xroot, davs...): any scheme, but a real URL.
const URL_OPTIONS = { require_protocol: true, require_valid_protocol: false, require_tld: false };

const ID = { description: 'The service id, e.g. a GOCDB primary key.', example: '1G0' };
const HOSTNAME = { description: 'DNS hostname of the service.', example: 'se01.example.org' };
const SERVICE_TYPE = { description: 'The service type (GOCDB service type).', example: 'SRM' };
const SITE = { description: 'Short name of the (registered) site hosting the service.', example: 'INFN-T1' };
const PRODUCTION = { description: 'Whether the service is in production.', example: true };
const MONITORED = { description: 'Whether the service is monitored.', example: true };
const BETA = { description: 'Whether the service runs a beta release.', example: false };
const NOTIFY = { description: 'Whether notifications are sent for the service.', example: true };
const URL = { description: 'URL of the service (any scheme); null clears it.', type: String, nullable: true, example: 'httpg://se01.example.org:8446/srm/managerv2' };
const SCOPES = { description: 'Scope tags (at most 100), e.g. EGI.', type: String, isArray: true, example: ['EGI'] };
const ENDPOINT_ID = { description: 'The endpoint id.', example: '7E1' };
const ENDPOINT_NAME = { description: 'Name of the endpoint, unique within the service (at most 100 characters).', example: 'srm-v2' };
const ENDPOINT_URL = { description: 'URL of the endpoint (any scheme).', example: 'httpg://se01.example.org:8446/srm/managerv2' };
const INTERFACE_NAME = { description: 'The interface (service type) the endpoint offers.', example: 'SRM' };
const ENDPOINT_MONITORED = { description: 'Whether the endpoint is monitored.', example: true };

export class RegisterServiceDto {
  /** A GOCDB primary key such as 1G0; generated when absent. */
  @ApiPropertyOptional({ ...ID, description: 'The service id, e.g. a GOCDB primary key such as 1G0; generated (a UUID) when absent.' })
  @IsOptional()
  @IsRegistryName()
  id?: string;

  @ApiProperty(HOSTNAME)
  @IsHostname()
  hostname: string;

  @ApiProperty(SERVICE_TYPE)
  @IsRegistryName()
  serviceType: string;

  @ApiProperty(SITE)
  @IsRegistryName()
  site: string;

  @ApiProperty(PRODUCTION)
  @IsBoolean()
  production: boolean;

  @ApiProperty(MONITORED)
  @IsBoolean()
  monitored: boolean;

  @ApiPropertyOptional({ ...BETA, description: 'Whether the service runs a beta release; false unless given.' })
  @IsOptional()
  @IsBoolean()
  beta?: boolean;

  @ApiPropertyOptional({ ...NOTIFY, description: 'Whether notifications are sent for the service; true unless given.' })
  @IsOptional()
  @IsBoolean()
  notify?: boolean;

  @ApiPropertyOptional({ ...URL, description: 'URL of the service (any scheme); null or absent: none.' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  url?: string | null;

  @ApiPropertyOptional(SCOPES)
  @IsOptional()
  @IsNameList(100)
  scopes?: string[];
}

/** Fields to change; a different site moves the service; url null clears it. */
export class UpdateServiceDto {
  @ApiPropertyOptional(HOSTNAME)
  @ValidateIf(defined)
  @IsHostname()
  hostname?: string;

  @ApiPropertyOptional(SERVICE_TYPE)
  @ValidateIf(defined)
  @IsRegistryName()
  serviceType?: string;

  @ApiPropertyOptional({ ...SITE, description: 'Another registered site moves the service there.' })
  @ValidateIf(defined)
  @IsRegistryName()
  site?: string;

  @ApiPropertyOptional(PRODUCTION)
  @ValidateIf(defined)
  @IsBoolean()
  production?: boolean;

  @ApiPropertyOptional(MONITORED)
  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;

  @ApiPropertyOptional(BETA)
  @ValidateIf(defined)
  @IsBoolean()
  beta?: boolean;

  @ApiPropertyOptional(NOTIFY)
  @ValidateIf(defined)
  @IsBoolean()
  notify?: boolean;

  @ApiPropertyOptional(URL)
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  url?: string | null;

  @ApiPropertyOptional({ ...SCOPES, description: 'Scope tags (at most 100): the new list replaces the old.' })
  @ValidateIf(defined)
  @IsNameList(100)
  scopes?: string[];
}

export class ServiceListQuery extends ListQuery {
  @ApiPropertyOptional({ ...SITE, description: 'Only services of this site.' })
  @IsOptional()
  @IsRegistryName()
  site?: string;

  @ApiPropertyOptional({ ...SERVICE_TYPE, description: 'Only services of this type (case-insensitive).' })
  @IsOptional()
  @IsRegistryName()
  serviceType?: string;

  @ApiPropertyOptional({ ...HOSTNAME, description: 'Only services on this host (case-insensitive).' })
  @IsOptional()
  @IsHostname()
  hostname?: string;
}

export class AddEndpointDto {
  /** Generated when absent. */
  @ApiPropertyOptional({ ...ENDPOINT_ID, description: 'The endpoint id; generated (a UUID) when absent.' })
  @IsOptional()
  @IsRegistryName()
  id?: string;

  /** Unique within the service. */
  @ApiProperty(ENDPOINT_NAME)
  @IsText(100)
  name: string;

  @ApiProperty(ENDPOINT_URL)
  @IsUrl(URL_OPTIONS)
  url: string;

  /** The service type unless given. */
  @ApiPropertyOptional({ ...INTERFACE_NAME, description: 'The interface the endpoint offers; the service type unless given.' })
  @IsOptional()
  @IsRegistryName()
  interfaceName?: string;

  @ApiPropertyOptional({ ...ENDPOINT_MONITORED, description: 'Whether the endpoint is monitored; true unless given.' })
  @IsOptional()
  @IsBoolean()
  monitored?: boolean;
}

export class UpdateEndpointDto {
  @ApiPropertyOptional(ENDPOINT_NAME)
  @ValidateIf(defined)
  @IsText(100)
  name?: string;

  @ApiPropertyOptional(ENDPOINT_URL)
  @ValidateIf(defined)
  @IsUrl(URL_OPTIONS)
  url?: string;

  @ApiPropertyOptional(INTERFACE_NAME)
  @ValidateIf(defined)
  @IsRegistryName()
  interfaceName?: string;

  @ApiPropertyOptional(ENDPOINT_MONITORED)
  @ValidateIf(defined)
  @IsBoolean()
  monitored?: boolean;
}

/** An endpoint as GETs and writes answer it; `revision` is its service's. */
export class EndpointDto {
  @ApiProperty({ description: 'Id of the service the endpoint belongs to.', example: '1G0' }) service: string;
  @ApiProperty(ENDPOINT_ID) id: string;
  @ApiProperty(ENDPOINT_NAME) name: string;
  @ApiProperty(ENDPOINT_URL) url: string;
  @ApiProperty(INTERFACE_NAME) interfaceName: string;
  @ApiProperty(ENDPOINT_MONITORED) monitored: boolean;
  @ApiRevision() revision: number;
}

export class EndpointPageDto extends PageDto(EndpointDto) {}

/** A service endpoint inside its service (no revision of its own). */
export class ServiceEndpointDto {
  @ApiProperty({ description: 'Id of the service the endpoint belongs to.', example: '1G0' }) service: string;
  @ApiProperty(ENDPOINT_ID) id: string;
  @ApiProperty(ENDPOINT_NAME) name: string;
  @ApiProperty(ENDPOINT_URL) url: string;
  @ApiProperty(INTERFACE_NAME) interfaceName: string;
  @ApiProperty(ENDPOINT_MONITORED) monitored: boolean;
}

/** A service as GETs and writes answer it. */
export class ServiceDto {
  @ApiProperty(ID) id: string;
  @ApiProperty(HOSTNAME) hostname: string;
  @ApiProperty(SERVICE_TYPE) serviceType: string;
  @ApiProperty(SITE) site: string;
  @ApiProperty(PRODUCTION) production: boolean;
  @ApiProperty(MONITORED) monitored: boolean;
  @ApiProperty(BETA) beta: boolean;
  @ApiProperty(NOTIFY) notify: boolean;
  @ApiProperty({ ...URL, description: 'URL of the service; null when none.' }) url: string | null;
  @ApiProperty(SCOPES) scopes: string[];
  @ApiProperty({ description: 'Its endpoints.', type: () => ServiceEndpointDto, isArray: true }) endpoints: ServiceEndpointDto[];
  @ApiRevision() revision: number;
}

export class ServicePageDto extends PageDto(ServiceDto) {}
