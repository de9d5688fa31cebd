import { applyDecorators, type Type } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiParam, ApiProperty } from '@nestjs/swagger';

// OpenAPI-only shapes and decorators shared by the registry controllers: they describe, never validate.

const PROBLEM = { $ref: '#/components/schemas/Problem' };

/** The `revision` every registry entity carries (the index adds it). */
export const ApiRevision = () =>
  ApiProperty({ description: 'Revision of the entity stream (also its ETag): send it back as If-Match to make a write conditional.', example: 3 });

/** The schema of a `Page<Item>` (paging.ts); extend it as `class <Item>PageDto extends PageDto(<Item>Dto) {}` to name it. */
export function PageDto<T>(item: Type<T>): Type<{ items: T[]; nextCursor: string | null }> {
  class Page {
    @ApiProperty({ type: () => item, isArray: true, description: 'The items of this page, in list order.' })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page.', example: null })
    nextCursor: string | null;
  }
  return Page;
}

/** A path parameter naming a registry entity. */
export const ApiName = (name: string, description: string, example: string) => ApiParam({ name, description, example });

/** 404 when the named entity does not exist (or was removed). */
export const ApiNotFound = (what: string) => ApiNotFoundResponse({ description: `No such ${what} (for this tenant).`, schema: PROBLEM });

/** 409 when a registry rule refuses the write (`code` says which). */
export const ApiRuleConflict = () =>
  ApiConflictResponse({ description: 'A registry rule refuses the change (`code` says which), or If-Match names an outdated revision.', schema: PROBLEM });

/** A write on an existing entity: If-Match makes it conditional; 404 and 409 as for every write. */
export const ApiConditionalWrite = (what: string) =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision last seen (ETag or `revision`, e.g. "3"): the write fails with 409 if the entity changed since.' }),
    ApiNotFound(what),
    ApiRuleConflict(),
  );
