import { execFile } from 'node:child_process';
import path from 'node:path';

/** The repository root, where bin/vigil.js lives. */
export const repoRoot = path.resolve(__dirname, '../..');

/** Runs `vigil <args>` as a user would (node bin/vigil.js from the repository root); never rejects. */
export function runVigil(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/vigil.js', ...args], { cwd: repoRoot, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
