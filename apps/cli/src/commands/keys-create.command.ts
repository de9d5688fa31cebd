import { parseArgs } from 'node:util';
import { invalidKeyRequest, type Role } from '@vigil/http';
import { UsageError, type CliCommand } from '../command';
import { withKeyStore } from './keys-store';

const help = `Usage: vigil keys create --role reader|operator|admin --tenant TENANT [--label TEXT]

Creates an API key bound to TENANT with ROLE (admin ⊇ operator ⊇ reader) and prints ONLY the key
on stdout; its id (for 'vigil keys revoke') goes to stderr. The key is shown once: Vigil stores
only its SHA-256. A running API accepts it at once.`;

export const keysCreateCommand: CliCommand = {
  path: ['keys', 'create'],
  summary: 'create an API key (prints the key once)',
  help,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { role: { type: 'string' }, tenant: { type: 'string' }, label: { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values.role) throw new UsageError('missing --role');
    if (!values.tenant) throw new UsageError('missing --tenant');
    const invalid = invalidKeyRequest(values.role, values.tenant, values.label);
    if (invalid) throw new UsageError(invalid);
    const { id, key } = await withKeyStore((store) => store.create(values.role as Role, values.tenant as string, values.label));
    process.stderr.write(`created API key ${id} (tenant ${values.tenant}, role ${values.role})\n`);
    process.stdout.write(`${key}\n`);
    return 0;
  },
};
