import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, ValidateIf } from 'class-validator';
import { ApiRevision, PageDto } from '../shared/openapi.dto';
import { IsNameList, IsRegistryName } from '../shared/names';

const NAME = { description: 'The NGI name: 1-100 of letters, digits, ".", "_", "-".', example: 'NGI_IT' };
const EMAIL = { description: 'Main contact address of the NGI.', format: 'email', example: 'ops@ngi.example.org' };
const ROD_EMAIL = { description: 'Regional operator on duty (ROD) address; null clears it.', type: String, format: 'email', nullable: true, example: 'rod@ngi.example.org' };
const HELPDESK_EMAIL = { description: 'Helpdesk address; null clears it.', type: String, format: 'email', nullable: true, example: 'helpdesk@ngi.example.org' };
const SECURITY_EMAIL = { description: 'Security contact address; null clears it.', type: String, format: 'email', nullable: true, example: 'security@ngi.example.org' };
const SCOPES = { description: 'Scope tags (at most 100), e.g. EGI.', type: String, isArray: true, example: ['EGI'] };

export class RegisterNgiDto {
  @ApiProperty(NAME)
  @IsRegistryName()
  name: string;

  @ApiProperty(EMAIL)
  @IsEmail()
  email: string;

  @ApiPropertyOptional(ROD_EMAIL)
  @IsOptional()
  @IsEmail()
  rodEmail?: string | null;

  @ApiPropertyOptional(HELPDESK_EMAIL)
  @IsOptional()
  @IsEmail()
  helpdeskEmail?: string | null;

  @ApiPropertyOptional(SECURITY_EMAIL)
  @IsOptional()
  @IsEmail()
  securityEmail?: string | null;

  @ApiPropertyOptional({ ...SCOPES, description: 'Scope tags (at most 100), e.g. EGI; none unless given.' })
  @IsOptional()
  @IsNameList(100)
  scopes?: string[];
}

/** Fields to change; an optional contact set to null is cleared. */
export class UpdateNgiDto {
  @ApiPropertyOptional(EMAIL)
  @ValidateIf((_, v) => v !== undefined)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional(ROD_EMAIL)
  @IsOptional()
  @IsEmail()
  rodEmail?: string | null;

  @ApiPropertyOptional(HELPDESK_EMAIL)
  @IsOptional()
  @IsEmail()
  helpdeskEmail?: string | null;

  @ApiPropertyOptional(SECURITY_EMAIL)
  @IsOptional()
  @IsEmail()
  securityEmail?: string | null;

  @ApiPropertyOptional({ ...SCOPES, description: 'Scope tags (at most 100): the new list replaces the old.' })
  @ValidateIf((_, v) => v !== undefined)
  @IsNameList(100)
  scopes?: string[];
}

/** An NGI as GETs and writes answer it. */
export class NgiDto {
  @ApiProperty(NAME) name: string;
  @ApiProperty(EMAIL) email: string;
  @ApiProperty(ROD_EMAIL) rodEmail: string | null;
  @ApiProperty(HELPDESK_EMAIL) helpdeskEmail: string | null;
  @ApiProperty(SECURITY_EMAIL) securityEmail: string | null;
  @ApiProperty(SCOPES) scopes: string[];
  @ApiRevision() revision: number;
}

export class NgiPageDto extends PageDto(NgiDto) {}
