import { readFile } from 'node:fs/promises';
import * as avro from 'avsc';

/** A malformed or unreadable ARGO input file: the message names the file and the problem. */
export class ArgoFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ArgoFileError';
  }
}

/** Every record of an Avro object container file. */
export async function readAvro(file: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(new ArgoFileError(file, `not a readable Avro container file (${err.message})`));
    avro
      .createFileDecoder(file)
      .on('data', (r: Record<string, unknown>) => rows.push(r))
      .on('end', () => resolve())
      .on('error', fail);
  });
  return rows;
}

/**
 * An ARGO document: a file path, or JSON already parsed (an HTTP body field, say) with the label
 * its errors name in place of a file.
 */
export type ArgoInput = string | { label: string; json: unknown };

/** What an input's errors name: the file, or the label of inline JSON. */
export const labelOf = (input: ArgoInput): string => (typeof input === 'string' ? input : input.label);

/** Only files can be Avro containers (`.avro`); inline documents are JSON. */
export const isAvroFile = (input: ArgoInput): input is string => typeof input === 'string' && input.endsWith('.avro');

/** The payload of a web API envelope `{"status":…, "data":…}`, or the document itself. */
export function unwrapEnvelope(doc: unknown): unknown {
  if (isObject(doc) && 'data' in doc && ('status' in doc || Object.keys(doc).length === 1)) return doc.data;
  return doc;
}

/** A JSON file's (or inline document's) payload, unwrapping the web API envelope. */
export async function readJson(input: ArgoInput): Promise<unknown> {
  if (typeof input !== 'string') return unwrapEnvelope(input.json);
  const file = input;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ArgoFileError(file, `cannot read (${(err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ArgoFileError(file, `invalid JSON (${(err as Error).message})`);
  }
  return unwrapEnvelope(doc);
}

/** Records of a file: Avro when it ends in `.avro`, else JSON (an array, or one object). */
export async function readRecords(input: ArgoInput): Promise<Record<string, unknown>[]> {
  const payload = isAvroFile(input) ? await readAvro(input) : await readJson(input);
  const list = Array.isArray(payload) ? payload : [payload];
  list.forEach((r, i) => {
    if (!isObject(r)) throw new ArgoFileError(labelOf(input), `item ${i} is not an object`);
  });
  return list as Record<string, unknown>[];
}

/** The first record (profiles and reports come as a one-item `data` array). */
export async function readFirst(input: ArgoInput): Promise<Record<string, unknown>> {
  const list = await readRecords(input);
  if (list.length === 0) throw new ArgoFileError(labelOf(input), 'no data');
  return list[0];
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Field accessors that fail with the file and the path of the bad field. */
export class Fields {
  constructor(
    readonly file: string,
    private readonly where: string,
    private readonly obj: Record<string, unknown>,
  ) {}

  str(name: string): string {
    const v = this.obj[name];
    if (typeof v !== 'string') throw this.bad(name, 'a string');
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.bad(name, 'a string');
    return v;
  }

  num(name: string): number {
    const v = this.obj[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.bad(name, 'a number');
    return v;
  }

  list(name: string, optional = false): unknown[] {
    const v = this.obj[name];
    if ((v === undefined || v === null) && optional) return [];
    if (!Array.isArray(v)) throw this.bad(name, 'an array');
    return v;
  }

  obj_(name: string): Fields {
    const v = this.obj[name];
    if (!isObject(v)) throw this.bad(name, 'an object');
    return new Fields(this.file, `${this.where}.${name}`, v);
  }

  tags(name = 'tags'): Record<string, string> | null {
    const v = this.obj[name];
    if (v === undefined || v === null) return null;
    if (!isObject(v)) throw this.bad(name, 'a map of strings');
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  }

  has(name: string): boolean {
    return this.obj[name] !== undefined && this.obj[name] !== null;
  }

  raw(name: string): unknown {
    return this.obj[name];
  }

  /** An optional nested object, as is. */
  tagsObject(name: string): Record<string, unknown> | undefined {
    const v = this.obj[name];
    return isObject(v) ? v : undefined;
  }

  /** Items of an array field as Fields, each failing with its index. */
  each(name: string, optional = false): Fields[] {
    return this.list(name, optional).map((x, i) => {
      if (!isObject(x)) throw new ArgoFileError(this.file, `${this.where}.${name}[${i}] is not an object`);
      return new Fields(this.file, `${this.where}.${name}[${i}]`, x);
    });
  }

  private bad(name: string, what: string): ArgoFileError {
    return new ArgoFileError(this.file, `${this.where}.${name} must be ${what}`);
  }
}

export const fieldsOf = (file: string, list: Record<string, unknown>[]): Fields[] =>
  list.map((r, i) => new Fields(file, `[${i}]`, r));
