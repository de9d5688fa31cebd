import { json, type NextFunction, type Request, type Response } from 'express';

/** A whole infrastructure's topology feed runs to megabytes (EGI's 4,186 endpoints: about 1 MB of JSON). */
export const ARGO_IMPORT_BODY_LIMIT = '50mb';

const parse = json({ limit: ARGO_IMPORT_BODY_LIMIT });
const BODY_ERROR = Symbol('argo import body error');

type BodyRequest = Request & { [BODY_ERROR]?: { status?: number; message: string } };

/** Reads the body with the larger limit; a parse error is kept for the controller (after the auth guard: 401/403 first). */
export function argoImportBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  parse(req, res, (err?: unknown) => {
    // body-parser has read off the request by now, so Nest's own parser skips it.
    if (err) (req as BodyRequest)[BODY_ERROR] = err as { status?: number; message: string };
    next();
  });
}

/** Why the body could not be read, if it could not. */
export const argoBodyError = (req: Request): { status?: number; message: string } | undefined => (req as BodyRequest)[BODY_ERROR];
