import { IsEmail, IsOptional, ValidateIf } from 'class-validator';
import { IsNameList, IsRegistryName } from '../shared/names';

export class RegisterNgiDto {
  @IsRegistryName()
  name: string;

  @IsEmail()
  email: string;

  @IsOptional()
  @IsEmail()
  rodEmail?: string | null;

  @IsOptional()
  @IsEmail()
  helpdeskEmail?: string | null;

  @IsOptional()
  @IsEmail()
  securityEmail?: string | null;

  @IsOptional()
  @IsNameList(100)
  scopes?: string[];
}

/** Fields to change; an optional contact set to null is cleared. */
export class UpdateNgiDto {
  @ValidateIf((_, v) => v !== undefined)
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsEmail()
  rodEmail?: string | null;

  @IsOptional()
  @IsEmail()
  helpdeskEmail?: string | null;

  @IsOptional()
  @IsEmail()
  securityEmail?: string | null;

  @ValidateIf((_, v) => v !== undefined)
  @IsNameList(100)
  scopes?: string[];
}
