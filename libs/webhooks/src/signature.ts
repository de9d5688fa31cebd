import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks: receivers reject timestamps further than this from their clock. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;
const PREFIX = 'whsec_';

/** A new secret: `whsec_` + base64 of `bytes` random bytes (24 to 64). */
export function generateSecret(bytes = 32): string {
  if (bytes < 24 || bytes > 64) throw new RangeError('a webhook secret has 24 to 64 random bytes');
  return PREFIX + randomBytes(bytes).toString('base64');
}

const keyOf = (secret: string): Buffer => Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>` for each secret (several while keys rotate), space-separated. */
export function sign(secrets: string | readonly string[], id: string, timestamp: number, body: string): string {
  return (typeof secrets === 'string' ? [secrets] : secrets).map((s) => `v1,${createHmac('sha256', keyOf(s)).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export const signedHeaders = (secret: string, id: string, timestamp: number, body: string): WebhookHeaders => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': sign(secret, id, timestamp, body),
});

export class WebhookVerificationError extends Error {}

/** A receiver's check: a v1 signature matches in constant time, and the timestamp is within 5 minutes. */
export function verify(secret: string, headers: Partial<WebhookHeaders>, body: string, nowS = Math.floor(Date.now() / 1000)): void {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !ts || !signatures) throw new WebhookVerificationError('missing webhook headers');
  const timestamp = Number(ts);
  if (!/^\d+$/.test(ts) || Math.abs(nowS - timestamp) > TIMESTAMP_TOLERANCE_S) throw new WebhookVerificationError('timestamp outside the 5-minute tolerance');
  const expected = Buffer.from(sign(secret, id, timestamp, body).slice(3), 'base64');
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw new WebhookVerificationError('no matching signature');
}
