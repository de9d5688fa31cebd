/** Vigil's settings, read once from the environment and validated: a wrong value fails at start. */
export interface VigilConfig {
  natsUrl: string;
  clickhouseUrl: string;
  clickhouseDatabase: string;
  esdbUrl?: string;
  eventStore: 'jetstream' | 'kurrentdb';
  httpPort: number;
  /** Loopback by default: exposing the API is a deliberate choice. */
  httpHost: string;
  defaultTenant: string;
  dataDir: string;
  webhookAllowlist: string[];
  /** JetStream KV bucket of the API keys (tests point it at their own). */
  apiKeysBucket: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = env[name] ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `'${value}' is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `'${value}' must use ${protocols.join(' or ')}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = (env[name] ?? fallback) as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `'${value}' must be one of ${allowed.join(', ')}`);
  return value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) throw new ConfigError(name, `'${raw}' is not a TCP port (1-65535)`);
  return value;
}

function identifier(env: Env, name: string, fallback: string): string {
  const value = env[name] ?? fallback;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new ConfigError(name, `'${value}' is not a valid database name`);
  return value;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): VigilConfig {
  const eventStore = oneOf(env, 'VIGIL_EVENT_STORE', 'jetstream', ['jetstream', 'kurrentdb'] as const);
  const esdbUrl = env.VIGIL_ESDB_URL ? url(env, 'VIGIL_ESDB_URL', '', ['esdb:', 'kurrentdb:', 'esdb+discover:', 'kurrentdb+discover:']) : undefined;
  if (eventStore === 'kurrentdb' && !esdbUrl) {
    throw new ConfigError('VIGIL_ESDB_URL', 'is required when VIGIL_EVENT_STORE=kurrentdb');
  }
  return {
    natsUrl: url(env, 'VIGIL_NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']),
    clickhouseUrl: url(env, 'VIGIL_CLICKHOUSE_URL', 'http://127.0.0.1:8123', ['http:', 'https:']),
    clickhouseDatabase: identifier(env, 'VIGIL_CLICKHOUSE_DATABASE', 'vigil'),
    esdbUrl,
    eventStore,
    httpPort: port(env, 'VIGIL_HTTP_PORT', 3000),
    httpHost: env.VIGIL_HTTP_HOST ?? '127.0.0.1',
    defaultTenant: 'default',
    dataDir: env.VIGIL_DATA_DIR ?? `${cwd}/.data`,
    apiKeysBucket: identifier(env, 'VIGIL_API_KEYS_BUCKET', 'vigil_api_keys'),
    webhookAllowlist: (env.VIGIL_WEBHOOK_ALLOWLIST ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}
