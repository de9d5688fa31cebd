import { applyDecorators, HttpException } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Problem } from '@vigil/http';

// The item path parameters of the status and results routes, described once for OpenAPI.
const ITEM_PARAMS: Record<string, { description: string; example: string }> = {
  supergroup: { description: 'The supergroup (e.g. an NGI).', example: 'NGI_IT' },
  group: { description: 'The endpoint group (a site or service group).', example: 'INFN-T1' },
  service: { description: 'The service type.', example: 'SRM' },
  hostname: { description: 'The host of the endpoint.', example: 'se01.example.org' },
  metric: { description: 'The metric (probe) name.', example: 'org.sam.SRM-Put' },
};

export const ApiItemPath = (...names: string[]) => applyDecorators(...names.map((name) => ApiParam({ name, ...ITEM_PARAMS[name] })));

/** A single-item route answers 404 when its page is empty; `why` says what the route found missing. */
export function singleItem<P extends { items: readonly unknown[] }>(page: P, what: string, why: string): P {
  if (page.items.length > 0) return page;
  const body: Problem = { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: `${what} not found: ${why}` };
  throw new HttpException(body, 404);
}
