import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateSecret, sign, signedHeaders, verify, WebhookVerificationError } from './signature';

const body = JSON.stringify({ type: 'alert.raised', timestamp: '2024-05-01T12:00:00.000Z', data: { status: 'CRITICAL' } });
const now = () => Math.floor(Date.now() / 1000);

describe('Standard Webhooks signatures', () => {
  it('makes whsec_ secrets of 24 to 64 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret(32)).not.toBe(secret);
    expect(() => generateSecret(16)).toThrow(RangeError);
  });

  it('signs so that the standardwebhooks package verifies it', () => {
    const secret = generateSecret(24);
    const headers = signedHeaders(secret, 'msg_1', now(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', new Date(Number(headers['webhook-timestamp']) * 1000), body));
  });

  it('lists one signature per secret while keys rotate, and either verifies', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const ts = now();
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(ts), 'webhook-signature': sign([a, b], 'msg_2', ts, body) };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
    expect(() => verify(a, headers, body)).not.toThrow();
  });

  it('rejects a changed body, a wrong secret and a stale timestamp', () => {
    const secret = generateSecret();
    const headers = signedHeaders(secret, 'msg_3', now(), body);
    expect(() => verify(secret, headers, body + ' ')).toThrow(WebhookVerificationError);
    expect(() => verify(generateSecret(), headers, body)).toThrow('no matching signature');
    const old = signedHeaders(secret, 'msg_3', now() - 301, body);
    expect(() => verify(secret, old, body)).toThrow('tolerance');
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow();
  });
});
