import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body, Controller, Get, Logger, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createJsonLogger, currentRequest, StderrLogger } from '@vigil/platform';
import { ErrorFilter } from './error.filter';
import { RequestContextInterceptor, redactedUrl, requestLogging } from './request-logging';

const lines: Record<string, any>[] = [];
let app: INestApplication;
let base: string;

@Controller('t')
class ProbeController {
  private readonly log = new Logger('Probe');

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    this.log.log('handling');
    return { body, context: currentRequest() ?? null };
  }

  @Get('boom')
  boom(): never {
    throw new Error('disk on fire');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeApp {}

beforeAll(async () => {
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  app = await NestFactory.create(ProbeApp, { logger: new StderrLogger(createJsonLogger({ destination, level: 'debug' })) });
  app.use(requestLogging());
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor());
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
});

afterAll(async () => {
  await app?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('request context in handlers', () => {
  it('reaches a handler after its JSON body was parsed, and tags the lines it logs', async () => {
    const res = await fetch(`${base}/t/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-9' }, body: '{"a":1}' });
    const reqId = res.headers.get('x-request-id');
    expect(await res.json()).toEqual({ body: { a: 1 }, context: { reqId, correlationId: 'corr-9' } });
    await settle();
    expect(lines.find((l) => l.msg === 'handling')).toMatchObject({ context: 'Probe', reqId, correlationId: 'corr-9', level: 'info' });
  });
});

describe('errors', () => {
  it('logs a 500 once, on its completion line at error level, with the request id and the stack', async () => {
    const before = lines.length;
    const res = await fetch(`${base}/t/boom`, { headers: { 'x-request-id': 'req-boom' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    await settle();
    const logged = lines.slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', reqId: 'req-boom', status: 500, route: '/t/boom', err: { type: 'Error', message: 'disk on fire' } });
    expect(logged[0].err.stack).toContain('ProbeController.boom');
  });
});

describe('redactedUrl', () => {
  it('hides secret query values and keeps the rest', () => {
    expect(redactedUrl('/api/v1/downtimes.ics?site=A&api_key=vk_secret&x=1')).toBe('/api/v1/downtimes.ics?site=A&api_key=[REDACTED]&x=1');
    expect(redactedUrl('/a?token=t&Password=p&keys=k')).toBe('/a?token=[REDACTED]&Password=[REDACTED]&keys=k');
    expect(redactedUrl('/a?api%5Fkey=s')).toBe('/a?api%5Fkey=[REDACTED]');
    expect(redactedUrl('/a/b')).toBe('/a/b');
  });
});
