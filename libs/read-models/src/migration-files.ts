import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One migration file: `NNNN_name.sql`, applied as a unit and recorded by version. */
export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
  statements: string[];
}

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Reads every `.sql` file of a folder in version order; a misnamed or duplicate version is an error. */
export async function loadMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  const files = await Promise.all(names.map(async (name) => parseMigration(name, await readFile(join(directory, name), 'utf8'))));
  assertUniqueVersions(files);
  return files;
}

export function parseMigration(name: string, content: string): MigrationFile {
  const match = FILE_NAME.exec(name);
  if (!match) throw new Error(`migration file name must look like 0001_snake_name.sql: ${name}`);
  const statements = splitStatements(content);
  if (statements.length === 0) throw new Error(`migration ${name} has no statements`);
  return { version: match[1], name, checksum: checksumOf(content), statements };
}

/** Statements end with `;` at the end of a line; comment-only chunks are dropped (the server rejects empty queries). */
export function splitStatements(content: string): string[] {
  return content
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split(/\r?\n/).some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

export function checksumOf(content: string): string {
  // Line endings are normalised so a Windows checkout does not look like an edited migration.
  return createHash('sha256').update(content.replace(/\r\n/g, '\n')).digest('hex');
}

function assertUniqueVersions(files: MigrationFile[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(file.version);
    if (other) throw new Error(`migrations ${other} and ${file.name} share version ${file.version}`);
    seen.set(file.version, file.name);
  }
}
