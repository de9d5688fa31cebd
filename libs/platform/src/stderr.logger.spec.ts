import { describe, expect, it } from 'vitest';
import { Logger } from '@nestjs/common';
import { createJsonLogger, logLevel, StderrLogger, type LogLevelName } from './stderr.logger';
import { runInRequest } from './request-context';

function capture(level: LogLevelName = 'info') {
  const lines: Record<string, any>[] = [];
  const logger = new StderrLogger(createJsonLogger({ level, destination: { write: (l: string) => void lines.push(JSON.parse(l)) } }));
  return { lines, logger };
}

describe('StderrLogger', () => {
  it("writes one JSON line per message with ISO time, level name, message and Nest's context", () => {
    const { lines, logger } = capture();
    logger.log('started', 'Projector');
    logger.warn({ msg: 'slow batch', batch: 12 }, 'Ingest');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'started', context: 'Projector', pid: process.pid }),
      expect.objectContaining({ level: 'warn', msg: 'slow batch', batch: 12, context: 'Ingest' }),
    ]);
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });

  it('keeps the stack Nest passes to error(), and an Error as err', () => {
    const { lines, logger } = capture();
    const err = new Error('nope');
    logger.error('failed', err.stack, 'Relay');
    logger.error(err, 'Relay');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'failed', context: 'Relay', stack: err.stack });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'nope', context: 'Relay', err: { type: 'Error', message: 'nope' } });
  });

  it('drops lines below its level', () => {
    const { lines, logger } = capture('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.error('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('tags lines logged inside a request with its ids, through Nest Logger instances too', () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(logger);
    runInRequest({ reqId: 'r1', correlationId: 'c1' }, () => new Logger('Registry').log('appended'));
    Logger.overrideLogger(false);
    expect(lines).toEqual([expect.objectContaining({ msg: 'appended', context: 'Registry', reqId: 'r1', correlationId: 'c1' })]);
  });
});

describe('logLevel', () => {
  it('reads VIGIL_LOG_LEVEL, info by default, and refuses an unknown level naming the variable', () => {
    expect(logLevel({})).toBe('info');
    expect(logLevel({ VIGIL_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(() => logLevel({ VIGIL_LOG_LEVEL: 'loud' })).toThrow(/^VIGIL_LOG_LEVEL: 'loud' must be one of fatal, error, warn, info, debug, trace, silent$/);
  });
});
