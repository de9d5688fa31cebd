import { HttpException, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Problem } from '../problem';
import { PUBLIC_ROUTE, REQUIRED_ROLE, type Principal, type Role } from './auth.decorators';
import { roleSatisfies } from './api-key';
import type { ApiKeyVerifier } from './api-key.cache';

/** Nest token of the ApiKeyVerifier the guard asks (the API provides an ApiKeyCache). */
export const API_KEY_VERIFIER = 'vigil:api-key-verifier';

type Headers = Record<string, string | string[] | undefined>;

export const QUERY_KEY_ROUTE = 'vigil:query-key-route';

/** Feed routes only: feed readers that cannot send headers may present the key as `?api_key=`. */
export const AcceptsQueryKey = () => SetMetadata(QUERY_KEY_ROUTE, true);

interface AuthRequest {
  headers: Headers;
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  principal?: Principal;
}

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** The key a request presents, from `Authorization: Bearer <key>`, `x-api-key: <key>` or (where accepted) `?api_key=`, or why there is none. */
export function presentedKey(headers: Headers, queryKey?: unknown): { key: string } | { error: string } {
  const authorization = single(headers.authorization);
  const headerKey = single(headers['x-api-key']);
  const fromQuery = typeof queryKey === 'string' ? queryKey.trim() || undefined : undefined;
  if (queryKey !== undefined && fromQuery === undefined) return { error: 'api_key must be one non-empty API key' };
  if (headerKey && fromQuery && headerKey !== fromQuery) return { error: 'x-api-key and api_key carry different keys: send one' };
  const apiKey = headerKey ?? fromQuery;
  let bearer: string | undefined;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return { error: "the Authorization header must be 'Bearer <API key>'" };
    bearer = match[1];
  }
  if (bearer && apiKey && bearer !== apiKey) return { error: `Authorization and ${headerKey ? 'x-api-key' : 'api_key'} carry different keys: send one` };
  const key = bearer ?? apiKey;
  return key ? { key } : { error: 'an API key is required: send Authorization: Bearer <key> or x-api-key: <key>' };
}

/** The tenant a route names in its path (`:tenant`) or query (`?tenant=`), if it names one. */
export function namedTenant(req: Pick<AuthRequest, 'params' | 'query'>): string | undefined {
  const fromQuery = req.query?.tenant;
  return req.params?.tenant ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
}

const problem = (statusCode: 401 | 403, message: string): HttpException => {
  const body: Problem =
    statusCode === 401
      ? { statusCode, error: 'Unauthorized', code: 'UNAUTHENTICATED', message }
      : { statusCode, error: 'Forbidden', code: 'FORBIDDEN', message };
  return new HttpException(body, statusCode);
};

/**
 * The global guard: every route needs a live API key unless @Public(), and at least the
 * role of @RequireRole (reader by default). Guards run before pipes, so 401/403 come before 400.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_VERIFIER) private readonly keys: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = ctx.switchToHttp();
    const req = http.getRequest<AuthRequest>();
    const queryKey = this.reflector.getAllAndOverride<boolean>(QUERY_KEY_ROUTE, targets) ? req.query?.api_key : undefined;
    const presented = presentedKey(req.headers, queryKey);
    const principal = 'key' in presented ? await this.keys.verify(presented.key) : undefined;
    if (!principal) {
      http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', 'Bearer realm="vigil"');
      throw problem(401, 'error' in presented ? presented.error : 'unknown or revoked API key');
    }
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'reader';
    if (!roleSatisfies(principal.role, required)) {
      throw problem(403, `this route needs the ${required} role; the API key has the ${principal.role} role`);
    }
    const tenant = namedTenant(req);
    if (tenant !== undefined && tenant !== principal.tenant) {
      throw problem(403, `the API key is bound to tenant '${principal.tenant}', not '${tenant}'`);
    }
    req.principal = principal;
    return true;
  }
}
