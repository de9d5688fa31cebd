import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_ROUTE } from '@vigil/http';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs.json';

/** A route as Express registers it: method and path with `:params`. */
export interface ControllerRoute {
  method: string;
  path: string;
  public: boolean;
}

const join = (...parts: string[]): string => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** Every controller route of the app, with whether it is @Public(). */
export function controllerRoutes(app: INestApplication): ControllerRoute[] {
  const routes: ControllerRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
      if (!type) continue;
      const bases = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat() as string[];
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        // The descriptor, not the value: reading a getter on the bare prototype would run it without its instance.
        const handler: unknown = Object.getOwnPropertyDescriptor(type.prototype, name)?.value;
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const isPublic = classPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true;
        for (const base of bases) for (const sub of [Reflect.getMetadata(PATH_METADATA, handler)].flat() as string[]) routes.push({ method, path: join(base, sub), public: isPublic });
      }
    }
  }
  return routes;
}

/** `/a/:b` as OpenAPI writes it: `/a/{b}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The OpenAPI 3 document of every route: keys as bearer or x-api-key, public routes without. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Vigil API')
    .setDescription('Registry (GOCDB), probe results, statuses and topology (ARGO) of one tenant: the tenant of the API key.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'x-api-key: <API key>' }, 'x-api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Either scheme works on every route unless it is public (OpenAPI: a list of alternatives).
  document.security = [{ bearer: [] }, { 'x-api-key': [] }];
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const route of controllerRoutes(app)) {
    const operation = document.paths[openApiPath(route.path)]?.[route.method as 'get'];
    if (!operation) continue;
    if (route.public) operation.security = [];
    else operation.responses = { ...GUARDED_RESPONSES, ...operation.responses };
  }
  return document;
}

/** The error body of every route (libs/http Problem). */
const PROBLEM_SCHEMA = {
  type: 'object' as const,
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' as const, example: 400 },
    error: { type: 'string' as const, example: 'Bad Request' },
    code: { type: 'string' as const, example: 'VALIDATION_FAILED' },
    message: { type: 'string' as const, example: 'limit: limit must not be greater than 1000' },
    errors: {
      type: 'array' as const,
      description: 'Each refused field and why.',
      items: { type: 'object' as const, properties: { field: { type: 'string' as const }, reason: { type: 'string' as const } } },
    },
  },
};

const problem = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } });

// What the global validation pipe and API-key guard answer on every guarded route.
const GUARDED_RESPONSES = {
  '400': problem('A parameter or the body is invalid: `errors` names each field and why.'),
  '401': problem('No API key, or an unknown or revoked one.'),
  '403': problem("The key's role is too low for the route, or it names another tenant."),
};

/** Swagger UI at /api/docs and the document at /api/docs.json, both public (outside the guarded controllers). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => openApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: 'api/docs.yaml' });
}
