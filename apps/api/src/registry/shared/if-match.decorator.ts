import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { badRequest } from './http-errors';

const REVISION_TAG = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The stream revision from an `If-Match` header (as sent back from a response's ETag or `revision`):
 * the write then succeeds only if nobody changed the entity since. Absent: undefined.
 */
export const ExpectedRevision = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().headers['if-match'];
  if (header === undefined) return undefined;
  const match = REVISION_TAG.exec(String(header).trim());
  if (!match) throw badRequest('If-Match', 'must be the entity revision, e.g. "3" (as in the ETag header or the revision field)');
  return Number(match[1]);
});
