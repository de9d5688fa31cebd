import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { Problem } from './problem';

/** Flattens nested class-validator errors to `a.b[2].c` paths with their first reason. */
function flatten(errors: ValidationError[], prefix = ''): { field: string; reason: string }[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, reason: Object.values(e.constraints)[0] }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator on every DTO: unknown fields are refused, and a 400 names each field and why. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const problem: Problem = {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: details.map((d) => `${d.field}: ${d.reason}`).join('; '),
        errors: details,
      };
      return new BadRequestException(problem);
    },
  });
