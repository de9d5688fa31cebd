import * as avro from 'avsc';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One Avro schema of the catalog: an event's data, the commit record, or an ingest record. */
export interface CatalogEntry {
  /** Record name without namespace, e.g. `SiteRegistered`: the event type. */
  name: string;
  fullName: string;
  context: string;
  version: number;
  fingerprint: string;
  type: avro.Type;
  file: string;
}

export class SchemaError extends Error {}

export const SCHEMAS_DIR = path.resolve(__dirname, '../../../schemas');

const fingerprintOf = (type: avro.Type): string => type.fingerprint('sha256').toString('hex').slice(0, 32);

function listAvsc(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return listAvsc(p);
    return f.endsWith('.avsc') ? [p] : [];
  });
}

/** Parses files in any order: a file may name types another file defines, so retry until nothing moves. */
function parseAll(files: { file: string; schema: avro.Schema & { version?: number } }[], registry: Record<string, avro.Type>) {
  const parsed: { file: string; schema: avro.Schema & { version?: number }; type: avro.Type }[] = [];
  let pending = files;
  while (pending.length > 0) {
    const failed: typeof files = [];
    let lastError: unknown;
    for (const f of pending) {
      // A failed parse may leave half-registered names behind: parse into a copy, keep it on success.
      const attempt = { ...registry };
      try {
        parsed.push({ ...f, type: avro.Type.forSchema(f.schema, { registry: attempt }) });
        Object.assign(registry, attempt);
      } catch (err) {
        failed.push(f);
        lastError = err;
      }
    }
    if (failed.length === pending.length) {
      throw new SchemaError(`cannot parse ${failed.map((f) => f.file).join(', ')}: ${(lastError as Error).message}`);
    }
    pending = failed;
  }
  return parsed;
}

/**
 * The event catalog: every schema of `schemas/` (the single source of truth), by record name and by
 * fingerprint. Files under a `history/` folder are earlier versions kept so old events still decode.
 */
export class SchemaCatalog {
  private readonly byName = new Map<string, CatalogEntry>();
  private readonly byFingerprint = new Map<string, CatalogEntry>();
  private readonly resolvers = new Map<string, avro.Resolver>();

  constructor(readonly dir: string = SCHEMAS_DIR) {
    const files = listAvsc(dir).map((file) => ({ file, schema: JSON.parse(readFileSync(file, 'utf8')) }));
    const current = files.filter((f) => !f.file.split(path.sep).includes('history'));
    const history = files.filter((f) => f.file.split(path.sep).includes('history'));
    for (const p of parseAll(current, {})) this.add(p, true);
    // Each historical file is self-contained (expanded), parsed in its own registry.
    for (const h of history) this.add({ ...h, type: avro.Type.forSchema(h.schema, { registry: {} }) }, false);
  }

  private add(p: { file: string; schema: avro.Schema & { version?: number }; type: avro.Type }, current: boolean) {
    const fullName = p.type.name;
    if (!fullName) return; // anonymous types are not catalog entries
    const entry: CatalogEntry = {
      name: fullName.split('.').pop()!,
      fullName,
      context: path.basename(path.dirname(p.file)) === 'history' ? path.basename(path.dirname(path.dirname(p.file))) : path.basename(path.dirname(p.file)),
      version: p.schema.version ?? 1,
      fingerprint: fingerprintOf(p.type),
      type: p.type,
      file: p.file,
    };
    if (current) {
      if (this.byName.has(entry.name)) throw new SchemaError(`two schemas are named ${entry.name}: ${this.byName.get(entry.name)!.file} and ${p.file}`);
      this.byName.set(entry.name, entry);
    }
    this.byFingerprint.set(entry.fingerprint, entry);
  }

  /** The current schema of an event type; throws for an unknown type. */
  get(name: string): CatalogEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new SchemaError(`no schema for event type '${name}' in ${this.dir}`);
    return entry;
  }

  knowsFingerprint(fingerprint: string): boolean {
    return this.byFingerprint.has(fingerprint);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  encode(name: string, data: unknown): Buffer {
    const entry = this.get(name);
    try {
      return entry.type.toBuffer(data);
    } catch (err) {
      throw new SchemaError(`${name} does not match its schema: ${explainInvalid(entry.type, data)}`);
    }
  }

  /** Decodes data written with any known version of a type, into the current reader schema. */
  decode<T = unknown>(fingerprint: string, bytes: Uint8Array): T {
    const writer = this.byFingerprint.get(fingerprint);
    if (!writer) throw new SchemaError(`unknown schema fingerprint ${fingerprint}`);
    const reader = this.get(writer.name);
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (reader === writer) return reader.type.fromBuffer(buf) as T;
    return reader.type.fromBuffer(buf, this.resolver(reader, writer)) as T;
  }

  private resolver(reader: CatalogEntry, writer: CatalogEntry): avro.Resolver {
    const key = `${reader.fingerprint}:${writer.fingerprint}`;
    let r = this.resolvers.get(key);
    if (!r) {
      r = reader.type.createResolver(writer.type);
      this.resolvers.set(key, r);
    }
    return r;
  }
}

/** The first path that breaks the schema, so a producer knows which field to fix. */
export function explainInvalid(type: avro.Type, value: unknown): string {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (p: string[], v: unknown, t: avro.Type) => problems.push(`${p.join('.') || '(root)'}: ${JSON.stringify(v) ?? 'undefined'} is not ${t.typeName}`),
  });
  return problems[0] ?? 'invalid value';
}

let shared: SchemaCatalog | undefined;
/** The catalog of the repository's schemas/, loaded once per process. */
export const catalog = (): SchemaCatalog => (shared ??= new SchemaCatalog());
