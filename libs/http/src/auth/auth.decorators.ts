import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** Roles nest: admin ⊇ operator ⊇ reader. */
export type Role = 'reader' | 'operator' | 'admin';
export const ROLE_RANK: Record<Role, number> = { reader: 1, operator: 2, admin: 3 };

/** What a valid API key grants; the auth guard puts it on the request. */
export interface Principal {
  keyId: string;
  tenant: string;
  role: Role;
}

export const REQUIRED_ROLE = 'vigil:required-role';
export const PUBLIC_ROUTE = 'vigil:public-route';

/** The least role a route needs (every route needs at least `reader` unless @Public()). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Routes anyone may call: /health, /ready, /metrics, /api/docs. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The authenticated principal of the request (set by the auth guard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('no principal on the request: is the route missing the auth guard?');
  return principal;
});

/** The tenant of the request's API key: every read and write is scoped to it. */
export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('no principal on the request: is the route missing the auth guard?');
  return principal.tenant;
});
