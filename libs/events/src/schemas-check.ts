/**
 * `npm run schemas:check`: every schema of schemas/ must read data written with each version of it
 * ever committed (events are kept forever), and each such older version must be archived under
 * history/ so the catalog can decode it. Exits 1 with the reasons otherwise.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as avro from 'avsc';
import { SchemaCatalog, SCHEMAS_DIR } from './schema-catalog';
import { incompatibility, parseWithKnown } from './schema-compatibility';

const repo = path.resolve(SCHEMAS_DIR, '..');
const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

function committedVersions(file: string): { commit: string; text: string }[] {
  let commits: string[];
  try {
    commits = git('log', '--format=%H', '--', path.relative(repo, file)).split('\n').filter(Boolean);
  } catch {
    return []; // not a git checkout: nothing to compare with
  }
  return commits.flatMap((commit) => {
    try {
      return [{ commit, text: git('show', `${commit}:${path.relative(repo, file)}`) }];
    } catch {
      return []; // the commit deleted or renamed it
    }
  });
}

export function checkSchemas(catalog: SchemaCatalog = new SchemaCatalog()): string[] {
  const known: Record<string, avro.Type> = {};
  for (const name of catalog.names()) known[catalog.get(name).fullName] = catalog.get(name).type;
  const problems: string[] = [];
  for (const name of catalog.names()) {
    const current = catalog.get(name);
    for (const { commit, text } of committedVersions(current.file)) {
      let old: avro.Type;
      try {
        old = parseWithKnown(JSON.parse(text), known);
      } catch (err) {
        problems.push(`${name}@${commit.slice(0, 8)}: cannot parse the committed version: ${(err as Error).message}`);
        continue;
      }
      const fp = old.fingerprint('sha256').toString('hex').slice(0, 32);
      if (fp === current.fingerprint) continue;
      const why = incompatibility(current.type, old);
      if (why) problems.push(`${name}: not backward compatible with the version of ${commit.slice(0, 8)}: ${why}`);
      else if (!catalog.knowsFingerprint(fp)) {
        problems.push(`${name}: the version of ${commit.slice(0, 8)} changed; archive it as ${path.relative(repo, path.join(path.dirname(current.file), 'history', `${path.basename(current.file, '.avsc')}.v${(JSON.parse(text) as { version?: number }).version ?? 1}.avsc`))} (expanded schema) so old events still decode, and bump "version"`);
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = checkSchemas();
  for (const p of problems) process.stderr.write(`schemas:check: ${p}\n`);
  process.stdout.write(problems.length === 0 ? 'schemas:check: every schema reads every committed version of itself\n' : '');
  process.exit(problems.length === 0 ? 0 : 1);
}
