import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges a webhook must not reach unless allow-listed: private, loopback, link-local and the like. */
const FORBIDDEN: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

export class ForbiddenTargetError extends Error {
  readonly code = 'WEBHOOK_TARGET_FORBIDDEN';
}

/** `VIGIL_WEBHOOK_ALLOWLIST` entries: hostnames, IPs or CIDRs (IPv4 and IPv6). */
export class WebhookTargetGuard {
  private readonly forbidden = new BlockList();
  private readonly allowed = new BlockList();
  private readonly hosts = new Set<string>();

  constructor(allowlist: readonly string[] = [], private readonly resolve: (host: string) => Promise<string[]> = resolveAll) {
    for (const [net, prefix, type] of FORBIDDEN) this.forbidden.addSubnet(net, prefix, type);
    for (const entry of allowlist) {
      const [address, bits] = entry.split('/');
      const type = isIP(address);
      if (type === 0) this.hosts.add(entry.toLowerCase());
      else if (bits === undefined) this.allowed.addAddress(address, type === 4 ? 'ipv4' : 'ipv6');
      else this.allowed.addSubnet(address, Number(bits), type === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** Resolves the URL's host; throws ForbiddenTargetError when any address is off limits. */
  async check(url: string): Promise<void> {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.hosts.has(host)) return;
    const addresses = isIP(host) ? [host] : await this.resolve(host);
    if (addresses.length === 0) throw new ForbiddenTargetError(`${host} does not resolve`);
    for (const a of addresses) if (!this.isAllowed(a)) throw new ForbiddenTargetError(`${host} resolves to ${a}, a private, loopback or link-local address (allow it in VIGIL_WEBHOOK_ALLOWLIST)`);
  }

  isAllowed(address: string): boolean {
    const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const a = v4mapped ? v4mapped[1] : address;
    const type = isIP(a) === 4 ? 'ipv4' : 'ipv6';
    return this.allowed.check(a, type) || !this.forbidden.check(a, type);
  }
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((r) => r.address);
  } catch {
    return [];
  }
}
