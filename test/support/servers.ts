import { randomBytes } from 'node:crypto';

// Integration tests only: the servers a developer's `bash infra/local/up.sh` starts, unless the env says otherwise.
export const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
export const natsUrl = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A hex suffix no other test run uses, so runs can overlap and clean up after themselves. */
export const randomRun = (bytes = 4): string => randomBytes(bytes).toString('hex');
