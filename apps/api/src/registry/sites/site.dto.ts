import { CERTIFICATION_STATUSES, MAX_CERTIFICATION_REASON_LENGTH, type CertificationStatus, type ProductionInfrastructure, type SiteContact } from '@vigil/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsTimeZone, ValidateIf, ValidateNested } from 'class-validator';
import { IsHostname, IsNameList, IsRegistryName, IsText } from '../shared/names';

const INFRASTRUCTURES: ProductionInfrastructure[] = ['Production', 'Test'];
const defined = (_: object, value: unknown) => value !== undefined;

export class SiteContactDto {
  @IsText(100)
  role: string;

  @IsEmail()
  email: string;

  @IsOptional()
  @IsText(200)
  name?: string | null;
}

export class RegisterSiteDto {
  @IsRegistryName()
  shortName: string;

  @IsText(200)
  officialName: string;

  @IsRegistryName()
  ngi: string;

  @IsText(100)
  country: string;

  @IsTimeZone()
  timezone: string;

  @IsHostname()
  domain: string;

  /** Candidate unless given. */
  @IsOptional()
  @IsIn(CERTIFICATION_STATUSES)
  certificationStatus?: CertificationStatus;

  @IsOptional()
  @IsIn(INFRASTRUCTURES)
  productionInfrastructure?: ProductionInfrastructure;

  @IsOptional()
  @IsNameList(100)
  scopes?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SiteContactDto)
  contacts?: SiteContactDto[];
}

/** Fields to change (null is not a value for any of them); certification changes go through /certification. */
export class UpdateSiteDto {
  @ValidateIf(defined)
  @IsText(200)
  officialName?: string;

  @ValidateIf(defined)
  @IsRegistryName()
  ngi?: string;

  @ValidateIf(defined)
  @IsText(100)
  country?: string;

  @ValidateIf(defined)
  @IsTimeZone()
  timezone?: string;

  @ValidateIf(defined)
  @IsHostname()
  domain?: string;

  @ValidateIf(defined)
  @IsIn(INFRASTRUCTURES)
  productionInfrastructure?: ProductionInfrastructure;

  @ValidateIf(defined)
  @IsNameList(100)
  scopes?: string[];

  @ValidateIf(defined)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SiteContactDto)
  contacts?: SiteContactDto[];
}

export class ChangeCertificationDto {
  @IsIn(CERTIFICATION_STATUSES)
  to: CertificationStatus;

  @IsText(MAX_CERTIFICATION_REASON_LENGTH)
  reason: string;
}

/** Contacts as the event records them: a missing name is null. */
export const toContacts = (contacts: SiteContactDto[] | undefined): SiteContact[] | undefined =>
  contacts?.map((c) => ({ role: c.role, email: c.email, name: c.name ?? null }));
