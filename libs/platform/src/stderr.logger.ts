import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { ConfigError } from '@vigil/config';
import { currentRequest } from './request-context';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** VIGIL_LOG_LEVEL (default info); a wrong value stops the start naming the variable. */
export function logLevel(env: Record<string, string | undefined> = process.env): LogLevelName {
  const value = (env.VIGIL_LOG_LEVEL ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new ConfigError('VIGIL_LOG_LEVEL', `'${env.VIGIL_LOG_LEVEL}' must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevelName;
}

export interface JsonLoggerOptions {
  /** Defaults to stderr, written synchronously: a line logged before exit is never lost. */
  destination?: DestinationStream;
  level?: LogLevelName;
}

/**
 * One JSON object per line: `time` (ISO), `level` (its name), `msg`, `context` and, inside a
 * request, its `reqId` and `correlationId`, so every line of a request can be found by either.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      mixin: () => {
        const request = currentRequest();
        return request ? { reqId: request.reqId, correlationId: request.correlationId } : {};
      },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

// Nest's levels onto pino's (Nest has no trace; its verbose is the chattiest).
const LEVEL_OF = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' } as const satisfies Record<string, Level>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Error);
const looksLikeStack = (v: unknown): v is string => typeof v === 'string' && /\n\s+at /.test(v);

/**
 * Nest's LoggerService over pino, writing JSON lines to stderr (stdout belongs to command results).
 * A message may be an object: its fields go into the line (`msg` being its message).
 */
export class StderrLogger implements LoggerService {
  constructor(readonly pino: Logger = createJsonLogger()) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest appends the logger's context as the last string parameter; error() may pass a stack before it.
  private write(nestLevel: keyof typeof LEVEL_OF, message: unknown, params: unknown[]): void {
    const level = LEVEL_OF[nestLevel];
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !looksLikeStack(rest[rest.length - 1]) ? (rest.pop() as string) : undefined;
    const stack = rest.find(looksLikeStack);
    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (isPlainObject(message)) {
      const { msg: own, message: text, ...others } = message;
      Object.assign(fields, others);
      msg = typeof own === 'string' ? own : typeof text === 'string' ? text : undefined;
    } else {
      msg = typeof message === 'string' ? message : String(message);
    }
    if (stack) fields.stack = stack;
    this.pino[level](fields, msg);
  }
}
