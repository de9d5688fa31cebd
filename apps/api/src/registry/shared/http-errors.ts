import { BadRequestException } from '@nestjs/common';
import type { Problem } from '@vigil/http';

/** A 400 in the same shape as the validation pipe's, for checks a DTO decorator cannot express. */
export function badRequest(field: string, reason: string): BadRequestException {
  const problem: Problem = { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: `${field}: ${reason}`, errors: [{ field, reason }] };
  return new BadRequestException(problem);
}
