import { randomBytes } from 'node:crypto';

// Integration tests only: the library itself takes options and never reads env.
export const clickhouseUrl = process.env.VIGIL_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
export const natsUrl = process.env.VIGIL_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A database name no other test run uses, so runs can overlap and clean up after themselves. */
export function randomDatabase(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}
