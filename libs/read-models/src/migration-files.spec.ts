import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checksumOf, loadMigrations, parseMigration, splitStatements } from './migration-files';

describe('splitStatements', () => {
  it('splits on a semicolon at line end and keeps semicolons inside a line', () => {
    const content = "CREATE TABLE a (x String) ENGINE = Log;\nINSERT INTO a VALUES ('x;y');  \nSELECT 1";
    expect(splitStatements(content)).toEqual([
      'CREATE TABLE a (x String) ENGINE = Log',
      "INSERT INTO a VALUES ('x;y')",
      'SELECT 1',
    ]);
  });

  it('drops comment-only and blank chunks but keeps comments inside statements', () => {
    expect(splitStatements('-- header\n\nSELECT 1 -- trailing\n;\n-- footer;\n\n')).toEqual(['-- header\n\nSELECT 1 -- trailing']);
  });
});

describe('parseMigration', () => {
  it('reads the version from the file name', () => {
    expect(parseMigration('0007_status_history.sql', 'SELECT 1;').version).toBe('0007');
  });

  it.each(['7_x.sql', '0001-x.sql', '0001_X.sql'])('rejects the misnamed file %s', (name) => {
    expect(() => parseMigration(name, 'SELECT 1;')).toThrow(/0001_snake_name/);
  });

  it('rejects a file without statements', () => {
    expect(() => parseMigration('0001_empty.sql', '-- nothing yet\n')).toThrow(/no statements/);
  });

  it('gives the same checksum to a file checked out with CRLF line endings', () => {
    expect(checksumOf('SELECT 1;\r\nSELECT 2;\r\n')).toBe(checksumOf('SELECT 1;\nSELECT 2;\n'));
    expect(checksumOf('SELECT 1;')).not.toBe(checksumOf('SELECT 2;'));
  });
});

describe('loadMigrations', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads .sql files in version order and ignores other files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-migrations-'));
    await writeFile(join(dir, '0002_b.sql'), 'SELECT 2;');
    await writeFile(join(dir, '0001_a.sql'), 'SELECT 1;');
    await writeFile(join(dir, 'README.md'), 'notes');
    expect((await loadMigrations(dir)).map((m) => m.name)).toEqual(['0001_a.sql', '0002_b.sql']);
  });

  it('rejects two files with the same version', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-migrations-'));
    await writeFile(join(dir, '0001_a.sql'), 'SELECT 1;');
    await writeFile(join(dir, '0001_b.sql'), 'SELECT 1;');
    await expect(loadMigrations(dir)).rejects.toThrow(/share version 0001/);
  });
});
