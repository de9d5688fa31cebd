import { BadRequestException } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { RuleViolation } from '@vigil/domain';
import type { Problem } from '@vigil/http';

// OpenAPI-only decorators of the alerts controllers (they describe, never validate), and the 400 of domain input checks.

const PROBLEM = { $ref: '#/components/schemas/Problem' };

export const ApiId = (what: string) => ApiParam({ name: 'id', description: `The ${what} id.`, example: '0b7d3c1e-2f4a-4c8e-9a51-7d2e3f4a5b6c' });

export const ApiNotFound = (what: string) => ApiNotFoundResponse({ description: `No such ${what} (for this tenant).`, schema: PROBLEM });

export const ApiConflict = (description: string) => ApiConflictResponse({ description, schema: PROBLEM });

/** Runs a domain input check: its RuleViolation becomes a 400 naming the field, like the DTO validation. */
export function asBadRequest<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof RuleViolation)) throw err;
    const field = err.field ?? '';
    const problem: Problem = { statusCode: 400, error: 'Bad Request', code: err.code, message: field ? `${field}: ${err.message}` : err.message, errors: [{ field, reason: err.message }] };
    throw new BadRequestException(problem);
  }
}
