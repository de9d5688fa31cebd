import { BadRequestException } from '@nestjs/common';
import { ArgoFileError } from '@vigil/argo';
import type { Problem } from '@vigil/http';

/** 400 naming the refused body field(s) and why. */
export function badRequest(code: string, errors: { field: string; reason: string }[]): BadRequestException {
  const problem: Problem = { statusCode: 400, error: 'Bad Request', code, message: errors.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason)).join('; '), errors };
  return new BadRequestException(problem);
}

/** An ARGO document that does not read: 400 with its body field (the document's label) and the problem. */
export function asBadDocument(err: unknown): unknown {
  return err instanceof ArgoFileError ? badRequest('INVALID_ARGO_DOCUMENT', [{ field: err.file, reason: err.problem }]) : err;
}
