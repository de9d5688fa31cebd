import { CERTIFICATION_STATUSES, MAX_CERTIFICATION_REASON_LENGTH, type CertificationStatus, type ProductionInfrastructure, type SiteContact } from '@vigil/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsTimeZone, ValidateIf, ValidateNested } from 'class-validator';
import { IsHostname, IsNameList, IsRegistryName, IsText } from '../shared/names';
import { ApiRevision, PageDto } from '../shared/openapi.dto';

const INFRASTRUCTURES: ProductionInfrastructure[] = ['Production', 'Test'];
const defined = (_: object, value: unknown) => value !== undefined;

const SHORT_NAME = { description: 'The site short name (GOCDB): 1-100 of letters, digits, ".", "_", "-".', example: 'INFN-T1' };
const OFFICIAL_NAME = { description: 'The full name of the site (at most 200 characters).', example: 'INFN Tier-1 Bologna' };
const NGI = { description: 'The NGI the site belongs to (registered).', example: 'NGI_IT' };
const COUNTRY = { description: 'The country (at most 100 characters).', example: 'Italy' };
const TIMEZONE = { description: 'IANA time zone of the site.', example: 'Europe/Rome' };
const DOMAIN = { description: 'DNS domain of the site.', example: 'cnaf.infn.it' };
const CERTIFICATION = { description: 'Certification status.', enum: CERTIFICATION_STATUSES, example: 'Certified' };
const INFRASTRUCTURE = { description: 'Production or test infrastructure.', enum: INFRASTRUCTURES, example: 'Production' };
const SCOPES = { description: 'Scope tags (at most 100), e.g. EGI.', type: String, isArray: true, example: ['EGI'] };
const CONTACTS = { description: 'Contacts of the site (at most 100).', type: () => SiteContactDto, isArray: true };

export class SiteContactDto {
  @ApiProperty({ description: 'The role of the contact (at most 100 characters).', example: 'Site Administrator' })
  @IsText(100)
  role: string;

  @ApiProperty({ description: 'Address of the contact.', format: 'email', example: 'admin@cnaf.infn.it' })
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ description: 'Name of the person (at most 200 characters); null when unknown.', type: String, nullable: true, example: 'Maria Rossi' })
  @IsOptional()
  @IsText(200)
  name?: string | null;
}

export class RegisterSiteDto {
  @ApiProperty(SHORT_NAME)
  @IsRegistryName()
  shortName: string;

  @ApiProperty(OFFICIAL_NAME)
  @IsText(200)
  officialName: string;

  @ApiProperty(NGI)
  @IsRegistryName()
  ngi: string;

  @ApiProperty(COUNTRY)
  @IsText(100)
  country: string;

  @ApiProperty(TIMEZONE)
  @IsTimeZone()
  timezone: string;

  @ApiProperty(DOMAIN)
  @IsHostname()
  domain: string;

  /** Candidate unless given. */
  @ApiPropertyOptional({ ...CERTIFICATION, description: 'Certification status; Candidate unless given.', default: 'Candidate' })
  @IsOptional()
  @IsIn(CERTIFICATION_STATUSES)
  certificationStatus?: CertificationStatus;

  @ApiPropertyOptional({ ...INFRASTRUCTURE, description: 'Production or test infrastructure; Production unless given.' })
  @IsOptional()
  @IsIn(INFRASTRUCTURES)
  productionInfrastructure?: ProductionInfrastructure;

  @ApiPropertyOptional(SCOPES)
  @IsOptional()
  @IsNameList(100)
  scopes?: string[];

  @ApiPropertyOptional(CONTACTS)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SiteContactDto)
  contacts?: SiteContactDto[];
}

/** Fields to change (null is not a value for any of them); certification changes go through /certification. */
export class UpdateSiteDto {
  @ApiPropertyOptional(OFFICIAL_NAME)
  @ValidateIf(defined)
  @IsText(200)
  officialName?: string;

  @ApiPropertyOptional({ ...NGI, description: 'Another registered NGI moves the site there.' })
  @ValidateIf(defined)
  @IsRegistryName()
  ngi?: string;

  @ApiPropertyOptional(COUNTRY)
  @ValidateIf(defined)
  @IsText(100)
  country?: string;

  @ApiPropertyOptional(TIMEZONE)
  @ValidateIf(defined)
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional(DOMAIN)
  @ValidateIf(defined)
  @IsHostname()
  domain?: string;

  @ApiPropertyOptional(INFRASTRUCTURE)
  @ValidateIf(defined)
  @IsIn(INFRASTRUCTURES)
  productionInfrastructure?: ProductionInfrastructure;

  @ApiPropertyOptional({ ...SCOPES, description: 'Scope tags (at most 100): the new list replaces the old.' })
  @ValidateIf(defined)
  @IsNameList(100)
  scopes?: string[];

  @ApiPropertyOptional({ ...CONTACTS, description: 'Contacts (at most 100): the new list replaces the old.' })
  @ValidateIf(defined)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SiteContactDto)
  contacts?: SiteContactDto[];
}

export class ChangeCertificationDto {
  @ApiProperty({ ...CERTIFICATION, description: 'The new certification status (GOCDB allows only some transitions).' })
  @IsIn(CERTIFICATION_STATUSES)
  to: CertificationStatus;

  @ApiProperty({ description: `Why (at most ${MAX_CERTIFICATION_REASON_LENGTH} characters).`, example: 'Passed the certification tests' })
  @IsText(MAX_CERTIFICATION_REASON_LENGTH)
  reason: string;
}

export class CertificationChangeDto {
  @ApiProperty({ ...CERTIFICATION, description: 'Status before the change.', example: 'Candidate' }) from: CertificationStatus;
  @ApiProperty({ ...CERTIFICATION, description: 'Status after the change.' }) to: CertificationStatus;
  @ApiProperty({ description: 'Why the status changed.', example: 'Passed the certification tests' }) reason: string;
  @ApiProperty({ description: 'When the change was recorded.', format: 'date-time', example: '2025-06-02T10:00:00.000Z' }) at: string;
}

/** A site as GETs and writes answer it. */
export class SiteDto {
  @ApiProperty(SHORT_NAME) shortName: string;
  @ApiProperty(OFFICIAL_NAME) officialName: string;
  @ApiProperty(NGI) ngi: string;
  @ApiProperty(COUNTRY) country: string;
  @ApiProperty(TIMEZONE) timezone: string;
  @ApiProperty(DOMAIN) domain: string;
  @ApiProperty(INFRASTRUCTURE) productionInfrastructure: ProductionInfrastructure;
  @ApiProperty(SCOPES) scopes: string[];
  @ApiProperty(CONTACTS) contacts: SiteContactDto[];
  @ApiProperty(CERTIFICATION) certificationStatus: CertificationStatus;
  @ApiProperty({ description: 'Every certification change, oldest first.', type: () => CertificationChangeDto, isArray: true }) certificationHistory: CertificationChangeDto[];
  @ApiRevision() revision: number;
}

export class SitePageDto extends PageDto(SiteDto) {}

/** GET /api/v1/sites/{site}/certification. */
export class SiteCertificationDto {
  @ApiProperty(CERTIFICATION) status: CertificationStatus;
  @ApiProperty({ description: 'Every certification change, oldest first.', type: () => CertificationChangeDto, isArray: true }) history: CertificationChangeDto[];
  @ApiRevision() revision: number;
}

/** Contacts as the event records them: a missing name is null. */
export const toContacts = (contacts: SiteContactDto[] | undefined): SiteContact[] | undefined =>
  contacts?.map((c) => ({ role: c.role, email: c.email, name: c.name ?? null }));
