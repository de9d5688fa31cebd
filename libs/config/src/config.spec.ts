import { describe, it, expect } from 'vitest';
import { loadConfig, ConfigError } from './config';

describe('loadConfig', () => {
  it('uses the documented local defaults when nothing is set', () => {
    const c = loadConfig({}, '/repo');
    expect(c).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4222',
      clickhouseUrl: 'http://127.0.0.1:8123',
      clickhouseDatabase: 'vigil',
      eventStore: 'jetstream',
      httpPort: 3000,
      defaultTenant: 'default',
      dataDir: '/repo/.data',
    });
  });

  it.each([
    ['VIGIL_NATS_URL', 'not a url'],
    ['VIGIL_CLICKHOUSE_URL', 'ftp://x'],
    ['VIGIL_CLICKHOUSE_DATABASE', 'vigil; drop'],
    ['VIGIL_EVENT_STORE', 'postgres'],
    ['VIGIL_HTTP_PORT', '70000'],
    ['VIGIL_HTTP_PORT', 'eighty'],
  ])('fails at start naming %s when it is %j', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });

  it('requires VIGIL_ESDB_URL when the kurrentdb store is chosen', () => {
    expect(() => loadConfig({ VIGIL_EVENT_STORE: 'kurrentdb' })).toThrow(/^VIGIL_ESDB_URL:/);
    const c = loadConfig({ VIGIL_EVENT_STORE: 'kurrentdb', VIGIL_ESDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' });
    expect(c.eventStore).toBe('kurrentdb');
  });

  it('splits the webhook allow-list into hosts', () => {
    expect(loadConfig({ VIGIL_WEBHOOK_ALLOWLIST: '127.0.0.1, ::1,,10.0.0.0/8' }).webhookAllowlist).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
  });
});
