import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { NotFound, RuleViolation } from '@vigil/domain';
import { ConcurrencyError } from '@vigil/event-store';
import type { Problem } from './problem';
import { requestContextOf } from './request-logging';

const reason = (status: number): string => HttpStatus[status]?.replace(/_/g, ' ') ?? 'Error';

/** Maps domain and store errors to HTTP in one place: rule → 409, conflict → 409, unknown entity → 404. */
export function toProblem(err: unknown): Problem {
  if (err instanceof RuleViolation) return { statusCode: 409, error: 'Conflict', code: err.code, message: err.message, ...(err.field ? { errors: [{ field: err.field, reason: err.message }] } : {}) };
  if (err instanceof ConcurrencyError) return { statusCode: 409, error: 'Conflict', code: err.code, message: err.message };
  if (err instanceof NotFound) return { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: err.message };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    if (typeof body === 'object' && body && 'code' in body) return body as Problem;
    return { statusCode: status, error: reason(status), code: reason(status).toUpperCase().replace(/ /g, '_'), message: typeof body === 'string' ? body : err.message };
  }
  return { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL', message: 'internal error' };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const problem = toProblem(err);
    if (problem.statusCode >= 500) this.report(err, host.switchToHttp().getRequest<object>());
    host.switchToHttp().getResponse<Response>().status(problem.statusCode).json(problem);
  }

  /** Once: on the request's completion line (with its ids) when there is one, else on a line of its own. */
  private report(err: unknown, req: object): void {
    const context = requestContextOf(req);
    if (context) context.error = err;
    else this.log.error(err instanceof Error ? err.stack : String(err));
  }
}
