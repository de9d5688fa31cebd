import { json, type NextFunction, type Request, type Response } from 'express';

/** Large enough for 10,000 records with long probe output; a batch beyond it gets 413. */
export const METRIC_RESULTS_BODY_LIMIT = '50mb';

const parse = json({ limit: METRIC_RESULTS_BODY_LIMIT });
const BODY_ERROR = Symbol('metric-results body error');

type BodyRequest = Request & { [BODY_ERROR]?: { status?: number; type?: string; message: string } };

/**
 * JSON body parser of POST /api/v1/metric-results with a limit fit for 10k-record batches. Registered
 * before Nest's default parser (whose 100 kB would refuse them); a parse error is kept for the
 * controller so it is reported after the auth guard ran (401/403 come before 400/413).
 */
export function metricResultsBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  parse(req, res, (err?: unknown) => {
    // body-parser has read off the request by now, so Nest's own parser skips it.
    if (err) (req as BodyRequest)[BODY_ERROR] = err as { status?: number; type?: string; message: string };
    next();
  });
}

/** Why the body could not be read, if it could not. */
export const bodyError = (req: Request): { status?: number; type?: string; message: string } | undefined => (req as BodyRequest)[BODY_ERROR];
