import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { runInRequest, type RequestContext } from '@vigil/platform';
import type { Principal } from './auth/auth.decorators';

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** A caller's id is kept only when it is a short token: no spaces, quotes or control characters to forge log lines with. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

// Query parameters whose values never reach a log line.
const SECRET_PARAM = /^(api[-_]?key|key|token|access[-_]?token|secret|password|signature)$/i;

const CONTEXT = Symbol('vigil:request-context');

/** What the request carries for the completion line (and the error filter). */
interface TrackedRequest {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  route?: { path?: string };
  baseUrl?: string;
  principal?: Principal;
  [CONTEXT]?: RequestContext & { error?: unknown };
}

interface TrackedResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

const header = (req: TrackedRequest, name: string): string | undefined => {
  const value = req.headers[name.toLowerCase()];
  const single = (Array.isArray(value) ? value[0] : value)?.trim();
  return single && SANE_ID.test(single) ? single : undefined;
};

/** The URL as logged: secret query values (`api_key`, tokens) replaced by `[REDACTED]`. */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // an undecodable name is logged as sent
      }
      return SECRET_PARAM.test(decoded) && eq >= 0 ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** The request context of a request the middleware has seen. */
export const requestContextOf = (req: object): (RequestContext & { error?: unknown }) | undefined => (req as TrackedRequest)[CONTEXT];

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * First on every request: its request and correlation ids (kept from the caller's X-Request-Id /
 * X-Correlation-Id when sane), echoed as response headers; then one JSON line when it completes
 * (never a header value: keys stay out of logs). 5xx lines carry the error the filter handed over.
 */
export function requestLogging(log: Logger = new Logger('HTTP')) {
  return (req: TrackedRequest, res: TrackedResponse, next: () => void): void => {
    const started = performance.now();
    const reqId = header(req, REQUEST_ID_HEADER) ?? randomUUID();
    const context = { reqId, correlationId: header(req, CORRELATION_ID_HEADER) ?? reqId };
    req[CONTEXT] = context;
    res.setHeader(REQUEST_ID_HEADER, context.reqId);
    res.setHeader(CORRELATION_ID_HEADER, context.correlationId);
    let done = false;
    const complete = (aborted: boolean) => {
      if (done) return;
      done = true;
      const status = res.statusCode;
      const tracked = req[CONTEXT];
      const line = {
        msg: aborted ? 'request aborted' : 'request completed',
        reqId: context.reqId,
        correlationId: context.correlationId,
        method: req.method,
        route: req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : undefined,
        url: redactedUrl(req.originalUrl ?? req.url),
        status,
        durationMs: round(performance.now() - started),
        ...(req.principal ? { tenant: req.principal.tenant, keyId: req.principal.keyId } : {}),
        ...(tracked?.error !== undefined ? { err: tracked.error } : {}),
      };
      if (status >= 500) log.error(line);
      else if (aborted) log.warn(line);
      else log.log(line);
    };
    res.once('finish', () => complete(false));
    res.once('close', () => complete(true));
    runInRequest(context, next);
  };
}

/**
 * Runs each handler inside its request's context, whatever async path the request took to get
 * there (body parsing can lose it): events it appends and lines it logs carry the request's ids.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const context = ctx.getType() === 'http' ? requestContextOf(ctx.switchToHttp().getRequest<object>()) : undefined;
    // Nest binds the handler's async context when handle() is called.
    return context ? runInRequest(context, () => next.handle()) : next.handle();
  }
}
