import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@vigil/config';
import { repoRoot } from './cli';
import { startTestApi } from './test-api';

const runDirs = (database: string) => readdirSync(tmpdir()).filter((name) => name.startsWith(`${database}-`));

describe('startTestApi', () => {
  it("mints its bucket's first admin key into a temp dir removed on close, never into the repo's .data (even with a config of its own)", async () => {
    const api = await startTestApi('keyfile', [], { config: loadConfig({}) }); // a fresh config's dataDir is <cwd>/.data
    const file = `admin.keys_${api.database}.key`;
    try {
      const [dir] = runDirs(api.database);
      expect(existsSync(path.join(tmpdir(), dir ?? '-', file))).toBe(true);
      expect(existsSync(path.join(repoRoot, '.data', file))).toBe(false);
    } finally {
      await api.close();
    }
    expect(runDirs(api.database)).toEqual([]);
  });
});
