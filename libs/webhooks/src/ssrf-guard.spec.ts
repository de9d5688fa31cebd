import { describe, expect, it } from 'vitest';
import { ForbiddenTargetError, WebhookTargetGuard } from './ssrf-guard';

const resolver = (map: Record<string, string[]>) => async (host: string) => map[host] ?? [];

describe('webhook target guard', () => {
  it('refuses private, loopback and link-local targets, IPv4 and IPv6, literal or resolved', async () => {
    const guard = new WebhookTargetGuard([], resolver({ 'intranet.example.org': ['10.1.2.3'], 'six.example.org': ['2001:db8::1', 'fe80::1'] }));
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://169.254.169.254/latest', 'http://192.168.1.1/', 'http://[fd00::5]/', 'http://[::ffff:127.0.0.1]/', 'https://intranet.example.org/', 'https://six.example.org/', 'https://nowhere.example.org/']) {
      await expect(guard.check(url), url).rejects.toBeInstanceOf(ForbiddenTargetError);
    }
  });

  it('lets public addresses through', async () => {
    const guard = new WebhookTargetGuard([], resolver({ 'hooks.example.org': ['93.184.216.34', '2606:2800:220:1::1'] }));
    await expect(guard.check('https://hooks.example.org/x')).resolves.toBeUndefined();
  });

  it('allows listed hosts, addresses and CIDRs', async () => {
    const guard = new WebhookTargetGuard(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'Receiver.lan'], resolver({ 'receiver.lan': ['192.168.5.5'] }));
    await expect(guard.check('http://127.0.0.1:9/')).resolves.toBeUndefined();
    await expect(guard.check('http://10.200.0.1/')).resolves.toBeUndefined();
    await expect(guard.check('http://[fd12::1]/')).resolves.toBeUndefined();
    await expect(guard.check('http://receiver.lan/')).resolves.toBeUndefined();
    await expect(guard.check('http://127.0.0.2/')).rejects.toBeInstanceOf(ForbiddenTargetError);
  });
});
