import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

// Names end up in URLs and subjects: letters, digits and . _ - only, starting with a letter or digit.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An NGI, site, service group, service type or id: 1-100 characters of [A-Za-z0-9._-]. */
export const IsRegistryName = () =>
  applyDecorators(
    IsString(),
    MaxLength(100),
    Matches(NAME, { message: '$property must be 1-100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit' }),
  );

export const IsHostname = () => applyDecorators(IsString(), Matches(HOSTNAME, { message: '$property must be a DNS hostname, e.g. ce01.example.org' }));

/** Free text that must say something: a description, a reason, a subject. */
export const IsText = (max: number) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

/** A list of names, e.g. scopes or service ids. */
export const IsNameList = (max = 1000) =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    Matches(NAME, { each: true, message: 'each value of $property must be 1-100 characters of letters, digits, ".", "_" or "-"' }),
    MaxLength(100, { each: true }),
  );
