import { parseArgs } from 'node:util';
import { NotFound } from '@vigil/domain';
import { UsageError, type CliCommand } from '../command';
import { withKeyStore } from './keys-store';

const help = `Usage: vigil keys revoke ID

Revokes the API key ID (see 'vigil keys list') for good: a running API refuses it at once (401).
Revoking a revoked key changes nothing. Exits 1 when no key has that id.`;

export const keysRevokeCommand: CliCommand = {
  path: ['keys', 'revoke'],
  summary: 'revoke an API key by id',
  help,
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the key ID' : 'expected exactly one key ID');
    const id = positionals[0];
    try {
      const key = await withKeyStore((store) => store.revoke(id));
      process.stdout.write(`revoked ${key.id} (tenant ${key.tenant}, role ${key.role}) at ${key.revokedAt}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      process.stderr.write(`vigil keys revoke: no API key '${id}'\n`);
      return 1;
    }
  },
};
