import { parseArgs } from 'node:util';
import { isTenant, type ApiKeyInfo } from '@vigil/http';
import { UsageError, type CliCommand } from '../command';
import { withKeyStore } from './keys-store';

const help = `Usage: vigil keys list [--tenant TENANT] [--json]

Lists API keys (all tenants, or one), oldest first: id, tenant, role, status, creation time, label.
Keys and their hashes are never shown. --json prints a JSON array instead of a table.`;

const COLUMNS = ['ID', 'TENANT', 'ROLE', 'STATUS', 'CREATED', 'LABEL'];

function table(keys: ApiKeyInfo[]): string {
  const rows = [COLUMNS, ...keys.map((k) => [k.id, k.tenant, k.role, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.createdAt, k.label ?? ''])];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

export const keysListCommand: CliCommand = {
  path: ['keys', 'list'],
  summary: 'list API keys (never the keys themselves)',
  help,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { tenant: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false });
    if (values.tenant !== undefined && !isTenant(values.tenant)) throw new UsageError(`--tenant must be 1-64 characters of [A-Za-z0-9_-], got '${values.tenant}'`);
    const keys = await withKeyStore((store) => store.list(values.tenant));
    process.stdout.write(`${values.json ? JSON.stringify(keys) : table(keys)}\n`);
    return 0;
  },
};
